// charts.js - the part of ECharts the interface uses, imported module by
// module (echarts/core) so the bundle carries bar, line and pie charts on a
// canvas and nothing else. AriaComponent writes a description of each chart
// for screen readers.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export { echarts };

export const MONTHS = ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'];
export const PALETTE = ['#a8071a', '#d48806', '#1d39c4', '#389e0d', '#531dab', '#08979c', '#c41d7f', '#595959'];
