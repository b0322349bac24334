/**
 * KubeLab's theme: VitePress's default theme (search, dark mode, locales,
 * sidebar, previous/next) plus the lab layout and the lesson components.
 */
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import KlLayout from './components/KlLayout.vue';
import KlRun from './components/KlRun.vue';
import KlExerciseLinks from './components/KlExerciseLinks.vue';
import KlExerciseList from './components/KlExerciseList.vue';
import KlExercise from './components/KlExercise.vue';
import KlExerciseOverview from './components/KlExerciseOverview.vue';
import './styles/lab.css';
import './styles/exercise.css';

export default {
  extends: DefaultTheme,
  Layout: KlLayout,
  enhanceApp({ app }) {
    app.component('Run', KlRun);
    app.component('ExerciseLinks', KlExerciseLinks);
    app.component('ExerciseList', KlExerciseList);
    app.component('Exercise', KlExercise);
    app.component('ExerciseOverview', KlExerciseOverview);
  },
} satisfies Theme;
