/** (samplingDraws) scheduled draws, announcements, entropy, bundles, the public draw pages. */
export const samplingDrawsMessages = {
  'zh-CN': {
    samplingDraws: { nav: '抽取与公告', public: { nav: '抽查摇号公告', tileHint: '每次抽取前公布的名单指纹与种子承诺，抽取后可复核。' } },
  },
  en: {
    samplingDraws: { nav: 'Draws', public: { nav: 'Inspection draws', tileHint: 'The frame hash and seed commitment published before each draw, and its verification bundle after.' } },
  },
};
