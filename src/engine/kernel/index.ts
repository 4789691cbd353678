export { Kernel, Priority, type Time, type EventHandle } from './kernel';
export { Random } from './random';
export { EventLog, type LoggedEvent, type Listener } from './eventLog';
export { Signal, type Hook } from './signal';
export { Activities } from './activities';
