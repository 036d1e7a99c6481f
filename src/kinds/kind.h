/*
 * kind.h - kind declarations: the data that defines a kind of work
 * (kinds/<kind>.json; DESIGN.md "record kinds are data").
 *
 * A declaration names the kind's fields (type, required, limits, enum
 * values with Chinese labels, personal-data flag, full-text search flag,
 * derivation), its states and transitions (from, to, roles, the fields a
 * transition sets and requires, constants it sets, named guards, whether a
 * reason is required), its deadlines (a statutory rule from
 * data/rules/statutory.txt applied to date fields: start, restart, pauses,
 * extension, done, states in which the clock is suspended), what the
 * public portal may submit and see, and the documents generated from a
 * record. The format is documented in docs/kinds.md.
 *
 * kind_registry_load() reads the embedded kinds/NAME.json and then, if a
 * directory is given, every *.json in it (a file there replaces the
 * embedded kind of the same id, or adds a kind). Everything is validated
 * before the registry is used; an error names the file, the JSON path in
 * it and what is wrong:
 *   "kinds/disclosure_request.json: $.transitions[2].to: unknown state
 *    'replyed'"
 *
 * Ownership: the registry owns every kind and every string in it (the
 * strings point into each kind's parsed JSON, which the kind keeps).
 */
#ifndef FZ_KINDS_KIND_H
#define FZ_KINDS_KIND_H

#include "auth/roles.h"
#include "calendar/rules.h"
#include "lib/err.h"

#include <jansson.h>
#include <stddef.h>

enum kf_type {
	KF_STRING = 1, /* one line */
	KF_TEXT,       /* several lines */
	KF_INT,
	KF_DECIMAL, /* areas and the like: a JSON number */
	KF_MONEY,   /* yuan, at most 2 decimals */
	KF_DATE,    /* "YYYY-MM-DD" */
	KF_BOOL,
	KF_ENUM,
	KF_USERS,   /* an array of user ids (officers, deciders) */
	KF_OBJECTS, /* an array of objects of `items` fields (parties) */
	KF_ORG,	    /* an organisation id: the record's organisation or one
		       below it (checked by the engine) */
};

/* How a personal value is shown to the public (lib/mask.h). */
enum kf_mask { KM_NONE = 0, KM_NAME, KM_ID, KM_PHONE, KM_ADDRESS };

struct kind_value {
	const char *value;
	const char *label;
};

struct kind_field {
	const char *name;
	const char *label;
	enum kf_type type;
	int required; /* at creation */
	int has_min, has_max;
	double min, max; /* numbers: value; strings: characters */
	const struct kind_value *values;
	size_t nvalues;
	int personal;	   /* masked in public output */
	enum kf_mask mask; /* personal and shown masked, or left out */
	/* "unmasked_when": {"field", "values"}: shown as it is to the public
	   when the enum field beside it (in the same item, or of the record)
	   holds one of these values (a legal person's name, which a 公示
	   shows); NULL: always masked */
	const char *unmasked_field;
	const char **unmasked_values;
	size_t nunmasked_values;
	int search;		  /* indexed for full-text search */
	const char *derive;	  /* name of a derivation, or NULL */
	struct kind_field *items; /* KF_OBJECTS: the fields of one item */
	size_t nitems;
	/* "snapshot_of": a text field holding what a transition with
	   "snapshot" saw of these fields (the proposal a review approved),
	   as canonical JSON; the guard as_reviewed compares with it */
	const char **snapshot_of;
	size_t nsnapshot_of;
};

struct kind_state {
	const char *name;
	const char *label;
	int final;
};

struct kind_const {
	const char *field;
	const char *value;
};

/* A record of another kind that a transition creates in the same write
 * (docs/kinds.md, "Spawn"): in the organisation held by the source's org
 * field `org` (none when that is the source's own organisation), with
 * `link` (an int field of the target) set to the source record's id, the
 * target's fields `set` from the source's (from: a field, "@number" the
 * source's number, "@org" its organisation's name) and `consts`. Resolved
 * against both kinds when the registry is read. */
struct kind_spawn_set {
	const char *to;	  /* field of the target */
	const char *from; /* field of the source, "@number" or "@org" */
};

struct kind_spawn {
	const char *kind;
	const struct kind *target; /* resolved by kind_registry_load */
	const struct kind *source; /* the kind that declares it */
	const char *org;	   /* KF_ORG field of the source */
	const char *link;	   /* KF_INT field of the target */
	struct kind_spawn_set *set;
	size_t nset;
	struct kind_const *consts;
	size_t nconsts;
	/* "echo": {target field: source field}: when a step of the target
	   gives the field its first value, the source record gets it too (the
	   respondent's 答复 date becomes the case's 收到答复 date); `to` is the
	   source's field, `from` the target's */
	struct kind_spawn_set *echo;
	size_t necho;
};

/* The spawns whose target is a kind, for their echoes (at most 4). */
enum { KIND_ECHOES_MAX = 4 };

struct kind_transition {
	const char *name;
	const char *label;
	const char **from;
	size_t nfrom;
	const char *to; /* NULL: the state does not change */
	unsigned roles;
	const char **fields; /* may be set by this transition */
	size_t nfields;
	const char **required;
	size_t nrequired;
	const struct kind_const *set;
	size_t nset;
	const char **guards; /* "name" or "name:arg:arg" */
	size_t nguards;
	int reason;		  /* a reason is required */
	const json_t *spawn_decl; /* "spawn" as declared, or NULL */
	struct kind_spawn *spawn; /* resolved from it, or NULL */
	/* "snapshot": the snapshot_of field this transition records, or
	   NULL (engine.c snapshot_record) */
	const char *snapshot;
};

struct kind_pause {
	const char *from; /* date fields */
	const char *to;
};

struct kind_deadline {
	const char *name;
	const char *label;
	const struct rules_rule *rule;
	const char *start; /* date field */
	const char *restart;
	const struct kind_pause *pauses;
	size_t npauses;
	const char *extend; /* int field holding the granted units */
	const char **done;  /* date fields: the first set is the done date */
	size_t ndone;
	const char **suspend_in; /* states in which the clock is suspended */
	size_t nsuspend;
	const char *when;	/* the deadline applies only when this field
				   holds a value (non-zero, true)... */
	const char *when_value; /* ...or equals this (NULL: any value) */
};

/* A figure of the annual report computed from the records of the kind:
 * a count, a sum or an average of a numeric field, or the number of
 * distinct values of a field, over the records whose `date` field falls in
 * the year (or, with open_from/open_to, that are open at the year's end),
 * narrowed by up to KIND_WHERE_MAX conditions; or a rate of two sums of
 * such indicators, of any kinds (docs/kinds.md, "Indicators"). */
enum { KIND_WHERE_MAX = 4, KIND_IN_MAX = 16, KIND_PARTS_MAX = 8 };

/* The operator of a condition, as SQL has it (store_stats.c). */
enum kind_op {
	KOP_EQ = 1, /* a plain value */
	KOP_NE,	    /* "!=": never matches a record without the field */
	KOP_LT,	    /* "<", "<=", ">", ">=": numeric and date fields */
	KOP_LE,
	KOP_GT,
	KOP_GE,
	KOP_IN,	     /* "in": one of up to KIND_IN_MAX values */
	KOP_PRESENT, /* "present": the field holds a value */
	KOP_ABSENT,  /* "absent": it holds none (unset or null) */
};

struct kind_where {
	const char *field;
	enum kind_op op;
	/* The values (none for present and absent): numbers (num, with
	 * `numeric`) for numeric fields and bools (true 1, false 0, as
	 * SQLite's json_extract gives them), text otherwise; text[i] is the
	 * text of a text value, "true"/"false" for a bool and NULL for a
	 * number (figures.c writes numbers as %.17g in the definition). */
	int numeric;
	const char **text;
	const double *num;
	size_t nvalues;
};

/* One side of a rate: the sum of n indicators, none of them a rate. ind
 * is resolved by kind_registry_load (NULL in a kind parsed alone). */
struct kind_parts {
	const char **ids;
	const struct kind_indicator **ind;
	size_t n;
};

struct kind_indicator {
	const char *id; /* unique across kinds: "enforcement.cases_filed" */
	const char *label;
	const char *unit;
	const char *sum; /* numeric field summed, NULL: count records */
	const char *date;
	const char *open_from, *open_to; /* open at year end instead */
	struct kind_where where[KIND_WHERE_MAX];
	size_t nwhere;
	const char *on_time; /* only records whose deadline of this name was
				met (done on or before its due date) */
	const char *group;   /* an enum field: also the value per group */
	struct kind_parts ratio[2]; /* a rate (ratio[0].n > 0): numerator and
				       denominator, in percent */
	int complement;		    /* the rate's complement, 100 - rate (a
				       reduction: 缩短时限达70%) */
	const char *avg;      /* numeric field averaged over the records */
	const char *distinct; /* the number of distinct values of this
				 field (answered by a query, not kept) */
	int decimals;	      /* as declared, 0..4; -1: not declared */
	const struct kind *kind;
};

/* 1 if ind is a rate. */
int kind_is_rate(const struct kind_indicator *ind);

struct kind_document {
	const char *name;
	const char *label;
	const char *template_name;
	const char **states;
	size_t nstates;
	/* "number": the field holding the document's 文号, which names the
	   file (行政处罚决定书（北碚规资罚〔2023〕43号）.docx), or NULL: the
	   record's number does */
	const char *number_field;
};

struct kind {
	const char *id;
	const char *label;
	const char *prefix;	 /* of record numbers */
	const char *title;	 /* field shown as a record's title */
	const char *number_date; /* date field whose year numbers the record
				    (NULL: the year it is registered) */
	const char *source;	 /* file it came from */
	struct kind_field *fields;
	size_t nfields;
	struct kind_state *states;
	size_t nstates;
	const char *initial;
	unsigned create_roles;
	const char **create_fields;
	size_t ncreate;
	const char **create_guards; /* run on the new record's data */
	size_t ncreate_guards;
	struct kind_transition *transitions;
	size_t ntransitions;
	const struct kind_spawn *echoes[KIND_ECHOES_MAX]; /* with an echo,
							     targeting it */
	size_t nechoes;
	struct kind_deadline *deadlines;
	size_t ndeadlines;
	int public_intake;
	const char **public_fields;
	size_t npublic;
	const char *public_channel;
	const char **public_today; /* date fields the portal sets to today */
	size_t npublic_today;
	const char **public_status; /* what a query code shows: "number",
				       "state", "deadline:NAME" or fields */
	size_t npublic_status;
	struct kind_document *documents;
	size_t ndocuments;
	/* What the public portal lists (published decisions, the officer
	 * roster): records in these states (none: any) whose `require`
	 * field is set and `exclude` field is not, showing `fields` with
	 * personal values masked. public_list_fields NULL: not listed. */
	const char **public_list_states;
	size_t npublic_list_states;
	const char *public_list_require, *public_list_exclude;
	const char *public_list_title, *public_list_intro; /* the portal's */
	const char **public_list_fields;
	size_t npublic_list_fields;
	struct kind_indicator *indicators;
	size_t nindicators;
	json_t *decl;  /* the declaration as read (served to the interface) */
	char *fig_def; /* its figures' definition (kinds/figures.h), made once
			  when it is read: compared on every record change */
	void *mem;     /* arena of the arrays above */
};

struct kind_registry {
	struct kind **v;
	size_t n;
};

void kind_registry_init(struct kind_registry *reg);
void kind_registry_release(struct kind_registry *reg);
/* Embedded kinds, then those of dir (may be NULL). Nothing is kept on
 * error. rules: the statutory rules table the deadlines refer to; it must
 * outlive the registry. The parts of every rate are resolved to the
 * indicators they name, in any kind of the registry: an unknown id or a
 * part that is itself a rate is an error naming the file and the path
 * ("$.indicators[3].ratio[1][0]"). */
int kind_registry_load(struct kind_registry *reg, const char *dir,
		       const struct rules_table *rules, struct fz_err *e);
/* Parse and validate one declaration (for tests and the loader). */
int kind_parse(const char *text, size_t len, const char *source,
	       const struct rules_table *rules, struct kind **out,
	       struct fz_err *e);
void kind_free(struct kind *k);

const struct kind *kind_find(const struct kind_registry *reg, const char *id);
/* Memory that lives as long as kind k (zeroed). */
void *kind_alloc(struct kind *k, size_t count, size_t size);
/* Resolve and check every transition's spawn (spawn.c): the target kind,
 * the fields of both kinds and their types; an error names the file and
 * the JSON path ("$.transitions[3].spawn.set.cause"). */
int kind_resolve_spawns(const struct kind_registry *reg, struct fz_err *e);
const struct kind_field *kind_field(const struct kind *k, const char *name);
const struct kind_state *kind_state(const struct kind *k, const char *name);
const struct kind_transition *kind_transition(const struct kind *k,
					      const char *name);
const struct kind_deadline *kind_deadline(const struct kind *k,
					  const char *name);
const char *kind_type_name(enum kf_type t);
/* The indicator with this id in any kind of the registry, or NULL. */
const struct kind_indicator *kind_indicator_find(const struct kind_registry *r,
						 const char *id);
/* 1 if state is among the n names of states (or any name among a list of
 * names: the fields a transition lets be set). */
int kind_states_has(const char *const *states, size_t n, const char *state);
/* The day number of date field `field` in data, or CAL_NO_DATE when field
 * is NULL or holds no date. */
int kind_date_of(const json_t *data, const char *field);
/* The events the engine and the API write for a record besides its
 * transitions' (record.create, record.return, record.cc, and
 * record.evidence for an evidence file): a transition's event is
 * record.NAME, so no transition may take one of these names. */
#define KIND_NEVENT_NAMES 4
extern const char *const kind_event_names[KIND_NEVENT_NAMES];
/* Label of an enum value, or NULL. */
const char *kind_value_label(const struct kind_field *f, const char *value);

#endif
