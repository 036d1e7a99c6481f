/*
 * fuzz_docx.c - a DOCX template as an organisation uploads it
 * (docx_template_load_mem: the zip, its XML, the {{fields}} of its text),
 * then rendered with a small record.
 */
#include "fuzz.h"

#include "docx/docx.h"
#include "lib/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct docx_template *t = NULL;
	struct fz_buf out = FZ_BUF_INIT(64u << 20);
	struct fz_err e;
	json_t *rec;

	if (docx_template_load_mem(&t, data, size, &e))
		return 0;
	rec = json_pack("{s:s, s:s, s:[{s:s}]}", "number", "GKSQ-2024-00001",
			"applicant_name", "张三", "parties", "name", "李四");
	docx_render(t, rec, NULL, &out, &e);
	json_decref(rec);
	fz_buf_release(&out);
	docx_template_free(t);
	return 0;
}
