import { exercisePaths } from '../../.vitepress/theme/data/exercise-pages';

export default {
  watch: ['../../../exercises/*.yaml'],
  paths: () => exercisePaths('en'),
};
