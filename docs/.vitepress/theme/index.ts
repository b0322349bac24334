/**
 * KubeLab's theme: VitePress's default theme (search, dark mode, locales,
 * sidebar, previous/next) plus the lab layout and the lesson components.
 */
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import KlLayout from './components/KlLayout.vue';
import KlRun from './components/KlRun.vue';
import KlExerciseLinks from './components/KlExerciseLinks.vue';
import { defineAsyncComponent } from 'vue';
import './styles/lab.css';
import './styles/exercise.css';

export default {
  extends: DefaultTheme,
  Layout: KlLayout,
  enhanceApp({ app }) {
    app.component('Run', KlRun);
    app.component('ExerciseLinks', KlExerciseLinks);
    // Only exercise pages use these: lesson pages do not download them.
    app.component('Exercise', defineAsyncComponent(() => import('./components/KlExercise.vue')));
    app.component('ExerciseOverview', defineAsyncComponent(() => import('./components/KlExerciseOverview.vue')));
  },
} satisfies Theme;
