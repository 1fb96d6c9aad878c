// The 2-D test surfaces in one import: the registry and the surface type.
export * from './surface';
export * from './registry';
export * from './hessian';
export * from './perturbation';
export * from './restarts';
export * from './grid';
export type { IllConditionedOptions } from './illConditioned';
