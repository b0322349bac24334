/** Types for what Vite resolves but TypeScript cannot see: single-file components and CSS imports. */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
declare module '*.css';
