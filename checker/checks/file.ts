/**
 * `type: file`: a file in the learner's home folder has the expected content
 * (for tasks whose result is an answer or a manifest the learner wrote).
 */
import { fail, pass, str, unknown, type CheckKind } from './context.js';

export const fileCheck: CheckKind = {
  type: 'file',
  params: { path: { type: 'string', required: true }, matches: { type: 'string', required: true } },
  validate(p) {
    try {
      new RegExp(str(p, 'matches'));
      return undefined;
    } catch (e) {
      return `matches: ${(e as Error).message}`;
    }
  },
  create(p) {
    const path = str(p, 'path');
    const re = new RegExp(str(p, 'matches'), 'm');
    return {
      observe(ctx) {
        if (!ctx.readFile) return unknown({ ko: '이 환경에서는 파일을 읽을 수 없습니다.', en: 'Files cannot be read here.' });
        const text = ctx.readFile(path);
        if (text === undefined) return fail({ ko: `~/${path} 파일이 없습니다.`, en: `There is no file ~/${path}.` });
        if (!re.test(text)) return fail({ ko: `~/${path}의 내용이 아직 맞지 않습니다.`, en: `~/${path} does not have the expected content yet.` });
        return pass({ ko: `~/${path}의 내용이 맞습니다.`, en: `~/${path} has the expected content.` });
      },
    };
  },
};
