/**
 * Apache ECharts through echarts-for-react's core entry: only the bar and pie charts and the
 * components used here are bundled, not the whole of ECharts.
 */
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { BarChart, PieChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export function Chart(props: { option: EChartsOption; height?: number; testId?: string }) {
  return (
    <div className="chart" data-testid={props.testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={props.option}
        notMerge
        style={{ height: props.height ?? 280, width: '100%' }}
      />
    </div>
  );
}
