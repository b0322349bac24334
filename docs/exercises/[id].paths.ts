import { exercisePaths } from '../.vitepress/theme/data/exercise-pages';

// VitePress 1.6 reloads this loader when its imports change, not when a YAML file does: restart `npm start` after editing an exercise.
export default {
  paths: () => exercisePaths('ko'),
};
