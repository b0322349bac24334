/** A part of the cluster that can be stopped and started (a control-plane process, a node's kubelet). */
export interface Component {
  readonly name: string;
  running(): boolean;
  start(): void;
  stop(): void;
}
