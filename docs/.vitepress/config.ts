import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type HeadConfig, type TransformContext } from 'vitepress';
import { earlyStartScript, findWorkerAsset } from './theme/lab/early-start';

/** Course order: the sidebar, previous/next links and the lesson list all follow it. */
export const LESSONS = [
  { slug: '01-why-orchestration', ko: '왜 컨테이너 오케스트레이션인가', en: 'Why container orchestration' },
  { slug: '02-vendor-lock-in', ko: '클라우드 종속과 이식성', en: 'Vendor lock-in and portability' },
  { slug: '03-what-is-kubernetes', ko: 'Kubernetes란 무엇인가', en: 'What Kubernetes is' },
  { slug: '04-architecture', ko: '클러스터 아키텍처', en: 'Cluster architecture' },
  { slug: '05-pods', ko: 'Pod', en: 'Pods' },
  { slug: '06-services', ko: 'Service와 타입', en: 'Services and their types' },
  { slug: '07-deployments', ko: 'Deployment: 롤링 업데이트와 롤백', en: 'Deployments: rolling updates and rollback' },
  { slug: '08-scaling', ko: '스케일 아웃과 스케일 업', en: 'Scale-out and scale-up' },
  { slug: '09-summary', ko: '정리: 실제 클러스터로', en: 'Summary: on to a real cluster' },
] as const;

function sidebar(lang: 'ko' | 'en') {
  const prefix = lang === 'ko' ? '' : '/en';
  return [
    {
      text: lang === 'ko' ? '강의' : 'Lessons',
      items: LESSONS.map((l, i) => ({ text: `${i + 1}. ${l[lang]}`, link: `${prefix}/lessons/${l.slug}` })),
    },
    {
      text: lang === 'ko' ? '실습 과제' : 'Exercises',
      items: [{ text: lang === 'ko' ? '과제 목록과 진도' : 'All exercises and progress', link: `${prefix}/exercises/` }],
    },
  ];
}

/**
 * A lesson page with a lab preloads xterm and starts the engine worker from an
 * inline script, before VitePress hydrates (theme/lab/early-start.ts): the
 * worker's download, compile and cluster boot overlap the page's own loading.
 * Exercise pages boot their exercise instead, so they get only the preloads.
 */
function labHead(ctx: TransformContext): HeadConfig[] {
  if (ctx.pageData.frontmatter.lab !== true) return [];
  let chunks: string[] = [];
  try {
    chunks = readdirSync(join(ctx.siteConfig.outDir, 'assets/chunks'));
  } catch {
    // Not written yet (dev server): the page loads xterm on its own.
  }
  return chunks.filter((f) => /^(xterm|addon-fit)\.[\w-]+\.js$/.test(f)).map((f): HeadConfig => ['link', { rel: 'modulepreload', href: `${ctx.siteConfig.site.base}assets/chunks/${f}` }]);
}

/**
 * The worker-starting script goes first in <head>: an inline script after the
 * stylesheet links (where transformHead puts it) would wait for the CSS.
 */
function labHtml(html: string, _id: string, ctx: TransformContext): string {
  const worker = findWorkerAsset(ctx.assets);
  if (ctx.pageData.frontmatter.lab !== true || ctx.pageData.params || !worker) return html;
  return html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n    <script>${earlyStartScript(worker)}</script>`);
}

export default defineConfig({
  title: 'KubeLab',
  description: 'Learn Kubernetes in your browser',
  cleanUrls: true,
  // Design records for the project's developers (English only): not course pages, not in the search.
  srcExclude: ['decisions/**'],
  lastUpdated: false,
  head: [['meta', { name: 'theme-color', content: '#326ce5' }]],
  // The lab's engine runs in a module worker (docs/decisions/engine-threading.md); it code-splits, which classic workers cannot.
  vite: { worker: { format: 'es' } },
  transformHead: labHead,
  transformHtml: labHtml,
  locales: {
    root: {
      label: '한국어',
      lang: 'ko-KR',
      description: '브라우저에서 바로 배우는 Kubernetes',
      themeConfig: {
        nav: [{ text: '강의', link: '/lessons/01-why-orchestration' }, { text: '실습 과제', link: '/exercises/' }],
        sidebar: sidebar('ko'),
        docFooter: { prev: '이전', next: '다음' },
        outline: { label: '이 페이지에서' },
        darkModeSwitchLabel: '테마',
        sidebarMenuLabel: '메뉴',
        returnToTopLabel: '맨 위로',
        langMenuLabel: '언어',
        skipToContentLabel: '본문으로 건너뛰기',
        lightModeSwitchTitle: '밝은 테마로 바꾸기',
        darkModeSwitchTitle: '어두운 테마로 바꾸기',
        notFound: { title: '페이지를 찾을 수 없습니다', quote: '주소가 바뀌었거나 없는 페이지입니다. 강의 목록에서 찾아보세요.', linkLabel: '처음으로 가기', linkText: '처음으로' },
      },
    },
    en: {
      label: 'English',
      lang: 'en-US',
      link: '/en/',
      description: 'Learn Kubernetes in your browser',
      themeConfig: {
        nav: [{ text: 'Lessons', link: '/en/lessons/01-why-orchestration' }, { text: 'Exercises', link: '/en/exercises/' }],
        sidebar: sidebar('en'),
      },
    },
  },
  themeConfig: {
    search: {
      provider: 'local',
      options: {
        locales: {
          root: { translations: { button: { buttonText: '검색', buttonAriaLabel: '검색' }, modal: { noResultsText: '결과 없음', resetButtonTitle: '지우기', footer: { selectText: '선택', navigateText: '이동', closeText: '닫기' } } } },
        },
      },
    },
  },
});
