// chart.js with the parts the panels draw with, registered once for every chart of a bundle
// (tree-shaken chart.js draws nothing it was not given). The lab's zoom plugin is registered by
// the one chart that zooms, so the report's bundle stays without it.
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Filler,
  Legend,
  Tooltip,
);

export { Chart };
