export * from './compare';
export { debugDump as dump } from './debug';
