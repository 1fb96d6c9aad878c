export * from './surface';
export * from './registry';
export * from './hessian';
export * from './perturbation';
export * from './restarts';
export * from './grid';
export type { IllConditionedOptions } from './illConditioned';
