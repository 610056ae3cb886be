// Writes the small bundled datasets in this folder from the hand-written templates below, so the
// examples, the demo and the end-to-end tests run on a fresh clone with no corpus download.
// Every sentence is composed here; nothing is taken from a corpus. Deterministic: rerunning it
// rewrites identical files.
//   pnpm exec tsx examples/data/generate.ts
import { writeFileSync } from 'node:fs';

const here = new URL('./', import.meta.url);
let seed = 20261128;
function rand(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hasBatchim = (s: string) => {
  const c = s.charCodeAt(s.length - 1);
  return c >= 0xac00 && c <= 0xd7a3 ? (c - 0xac00) % 28 !== 0 : /[0-9LMNR]$/i.test(s);
};
/** Picks the particle form that fits the noun: 이/가, 은/는, 을/를, or a fixed one ('도', ''). */
const josa = (noun: string, pair: string) => {
  const [withB, without] = pair.split('/') as [string, string | undefined];
  return `${noun}${without === undefined ? withB : hasBatchim(noun) ? withB : without}`;
};
function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
function unique(make: () => string, n: number): string[] {
  const seen = new Set<string>();
  for (let tries = 0; seen.size < n && tries < n * 50; tries++) seen.add(make());
  return [...seen];
}
const write = (name: string, text: string) => writeFileSync(new URL(name, here), text);

// ---- sentiment (NSMC layout: id<TAB>document<TAB>label, 1 = positive) ----
const subjects = [
  '영화',
  '이 영화',
  '스토리',
  '연기',
  '배우들 연기',
  '음악',
  '결말',
  '연출',
  '대사',
  '영상미',
  '주인공',
  '전개',
  '각본',
  '액션',
  'OST',
];
const positive = [
  '정말 재밌어요',
  '최고였다',
  '감동적이다',
  '강력 추천합니다',
  '또 보고 싶다',
  '훌륭하다',
  '완벽했다',
  '마음에 든다',
  '잊을 수 없다',
  '인생 영화다',
  '너무 좋았어요',
  '눈물이 났다',
  '기대 이상이었다',
  '멋있다',
  '참 따뜻하다',
];
const negative = [
  '너무 지루하다',
  '최악이다',
  '돈 아깝다',
  '시간 낭비였다',
  '별로였어요',
  '실망스럽다',
  '유치하다',
  '엉망이다',
  '졸렸다',
  '보다가 껐다',
  '기대 이하였다',
  '어색하다',
  '짜증난다',
  '뻔하다',
  '허무하다',
];
const adverbs = ['', '', '진짜 ', '너무 ', '완전 ', '정말 ', '솔직히 '];
const sentiment = shuffle([
  ...unique(
    () =>
      `${josa(pick(subjects), pick(['이/가', '은/는', '']))} ${pick(adverbs)}${pick(positive)}${pick(['', '', ' ㅋㅋ', '!', ' 10점'])}`,
    160,
  ).map((t) => [t, 1] as const),
  ...unique(
    () =>
      `${josa(pick(subjects), pick(['이/가', '은/는', '']))} ${pick(adverbs)}${pick(negative)}${pick(['', '', ' ㅠㅠ', '...', ' 1점'])}`,
    160,
  ).map((t) => [t, 0] as const),
]);
const nsmc = (rows: (readonly [string, number])[], start: number) =>
  `id\tdocument\tlabel\n${rows.map(([t, l], i) => `${start + i}\t${t.replace(/ +/g, ' ').trim()}\t${l}`).join('\n')}\n`;
write('sentiment.train.tsv', nsmc(sentiment.slice(0, 250), 1000));
write('sentiment.dev.tsv', nsmc(sentiment.slice(250), 2000));

// ---- spam (JSONL {"text","label"}) ----
const spamOffers = [
  '지금 가입하면 10만원 즉시 지급',
  '무료 쿠폰 받아가세요',
  '대출 한도 조회 클릭',
  '당첨되셨습니다 확인하세요',
  '최저 금리 특별 대출',
  '오늘만 90% 할인',
  '주식 급등주 무료 추천',
  '카지노 첫 충전 보너스',
  '무료 체험 신청하기',
  '선착순 사은품 증정',
];
const spamTails = ['', ' 지금 바로 클릭', ' 수신거부 080-000-0000', ' 링크 확인', ' 마감 임박', ' 문의 환영'];
const hamStarts = [
  '내일 회의',
  '저녁 약속',
  '주말 등산',
  '엄마 생신',
  '과제 제출',
  '택배 도착',
  '점심 메뉴',
  '동아리 모임',
  '병원 예약',
  '보고서 초안',
];
const hamEnds = [
  '몇 시야?',
  '잊지 마',
  '같이 갈래?',
  '확인 부탁해',
  '어떻게 할까?',
  '늦을 것 같아',
  '고마워',
  '정리해서 보낼게',
  '괜찮아?',
  '다음 주로 미루자',
];
const spam = shuffle([
  ...unique(() => `${pick(['[광고] ', '(광고) ', '', '★'])}${pick(spamOffers)}${pick(spamTails)}`, 140).map(
    (t) => ({ text: t, label: 'spam' }),
  ),
  ...unique(() => `${pick(hamStarts)} ${pick(hamEnds)}`, 100).map((t) => ({ text: t, label: 'ham' })),
]);
const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
write('spam.train.jsonl', jsonl(spam.slice(0, 190)));
write('spam.dev.jsonl', jsonl(spam.slice(190)));

// ---- topic (JSONL, four classes) ----
const topics: Record<string, { who: string[]; what: string[] }> = {
  sports: {
    who: ['대표팀', '손흥민', '야구 대표팀', '감독', '우리 팀', '골키퍼'],
    what: [
      '결승전에서 골을 넣었다',
      '역전승을 거뒀다',
      '리그 우승을 차지했다',
      '부상으로 경기에 빠졌다',
      '올림픽 금메달을 땄다',
      '시즌 첫 승을 올렸다',
    ],
  },
  economy: {
    who: ['한국은행', '코스피', '수출', '환율', '물가', '부동산 시장'],
    what: [
      '기준금리를 동결했다',
      '사상 최고치를 기록했다',
      '석 달째 감소했다',
      '크게 올랐다',
      '안정세를 보였다',
      '침체가 이어졌다',
    ],
  },
  politics: {
    who: ['국회', '대통령', '여당', '야당 대표', '정부', '장관'],
    what: [
      '법안을 통과시켰다',
      '담화를 발표했다',
      '선거 공약을 내놓았다',
      '국정감사를 열었다',
      '개각을 단행했다',
      '예산안을 처리했다',
    ],
  },
  tech: {
    who: ['삼성전자', '연구진', '스타트업', '인공지능', '새 스마트폰', '반도체 업계'],
    what: [
      '신제품을 공개했다',
      '새 배터리를 개발했다',
      '투자를 유치했다',
      '번역 성능을 높였다',
      '출시를 앞두고 있다',
      '차세대 칩을 양산했다',
    ],
  },
};
const topicRows = shuffle(
  Object.entries(topics).flatMap(([label, { who, what }]) =>
    unique(
      () =>
        `${pick(['', '오늘 ', '지난주 ', '올해 '])}${josa(pick(who), pick(['이/가', '은/는', '도']))} ${pick(what)}`,
      60,
    ).map((text) => ({ text, label })),
  ),
);
write('topic.train.jsonl', jsonl(topicRows.slice(0, 190)));
write('topic.dev.jsonl', jsonl(topicRows.slice(190)));

// ---- POS (CoNLL-U; FORM is an eojeol, LEMMA/XPOS its morphemes, UPOS one tag per eojeol) ----
interface Piece {
  form: string;
  lemma: string;
  xpos: string;
  upos: string;
}
const w = (form: string, lemma: string, xpos: string, upos: string): Piece => ({ form, lemma, xpos, upos });
const nouns: [string, string, string][] = [
  ['학생', 'NNG', 'NOUN'],
  ['친구', 'NNG', 'NOUN'],
  ['선생님', 'NNG', 'NOUN'],
  ['아이', 'NNG', 'NOUN'],
  ['회사', 'NNG', 'NOUN'],
  ['철수', 'NNP', 'PROPN'],
  ['영희', 'NNP', 'PROPN'],
  ['서울', 'NNP', 'PROPN'],
  ['부산', 'NNP', 'PROPN'],
  ['동생', 'NNG', 'NOUN'],
];
const objects: [string, string][] = [
  ['책', 'NNG'],
  ['사과', 'NNG'],
  ['편지', 'NNG'],
  ['밥', 'NNG'],
  ['노래', 'NNG'],
  ['영화', 'NNG'],
  ['숙제', 'NNG'],
  ['커피', 'NNG'],
];
const places: [string, string, string][] = [
  ['학교', 'NNG', 'NOUN'],
  ['도서관', 'NNG', 'NOUN'],
  ['집', 'NNG', 'NOUN'],
  ['공원', 'NNG', 'NOUN'],
  ['서울', 'NNP', 'PROPN'],
  ['시장', 'NNG', 'NOUN'],
];
const verbs: [string, string, string][] = [
  ['읽었다', '읽+었+다', 'VV+EP+EF'],
  ['먹었다', '먹+었+다', 'VV+EP+EF'],
  ['썼다', '쓰+었+다', 'VV+EP+EF'],
  ['불렀다', '부르+었+다', 'VV+EP+EF'],
  ['본다', '보+ㄴ다', 'VV+EF'],
  ['샀다', '사+았+다', 'VV+EP+EF'],
  ['좋아한다', '좋아하+ㄴ다', 'VV+EF'],
  ['만들었다', '만들+었+다', 'VV+EP+EF'],
];
const adjectives: [string, string, string][] = [
  ['예쁘다', '예쁘+다', 'VA+EF'],
  ['크다', '크+다', 'VA+EF'],
  ['조용하다', '조용하+다', 'VA+EF'],
  ['바쁘다', '바쁘+다', 'VA+EF'],
  ['좋다', '좋+다', 'VA+EF'],
];
const advs = ['빨리', '천천히', '매일', '자주', '아주', '다시'];
const dets = ['그', '이', '새', '모든'];
function subject(): Piece {
  const [n, x, u] = pick(nouns);
  const j = pick(
    hasBatchim(n)
      ? [
          ['이', 'JKS'],
          ['은', 'JX'],
        ]
      : [
          ['가', 'JKS'],
          ['는', 'JX'],
        ],
  );
  return w(`${n}${j[0]}`, `${n}+${j[0]}`, `${x}+${j[1]}`, u);
}
function objectPiece(): Piece {
  const [n, x] = pick(objects);
  const j = hasBatchim(n) ? '을' : '를';
  return w(`${n}${j}`, `${n}+${j}`, `${x}+JKO`, 'NOUN');
}
function place(): Piece {
  const [n, x, u] = pick(places);
  const j = pick(['에서', '에']);
  return w(`${n}${j}`, `${n}+${j}`, `${x}+JKB`, u);
}
function sentencePieces(): Piece[] {
  const out: Piece[] = [];
  const shape = pick(['svo', 'spvo', 'sav', 'sa', 'sdvo', 'sadv']);
  out.push(subject());
  if (shape === 'spvo') out.push(place());
  if (shape === 'sdvo') out.push(w(pick(dets), '', 'MM', 'DET'));
  if (shape === 'sav' || shape === 'sadv') out.push(w(pick(advs), '', 'MAG', 'ADV'));
  if (shape === 'sadv') out.push(w(pick(dets), '', 'MM', 'DET'));
  if (shape === 'sa') {
    const [f, l, x] = pick(adjectives);
    if (rand() < 0.5) out.push(w('아주', '아주', 'MAG', 'ADV'));
    out.push(w(f.slice(0, -1), l.replace(/\+다$/, ''), x.replace(/\+EF$/, ''), 'ADJ'));
    out[out.length - 1] = w(f, l, x, 'ADJ');
  } else {
    out.push(objectPiece());
    const [f, l, x] = pick(verbs);
    out.push(w(f, l, x, 'VERB'));
  }
  out.push(w('.', '.', 'SF', 'PUNCT'));
  for (const p of out) if (!p.lemma) p.lemma = p.form;
  return out;
}
function conllu(sentences: Piece[][], prefix: string): string {
  return sentences
    .map((ps, s) => {
      const text = ps
        .map((p) => p.form)
        .join(' ')
        .replace(/ \.$/, '.');
      const lines = ps.map((p, i) => {
        const noSpace = i + 1 < ps.length && ps[i + 1]!.form === '.';
        return [
          i + 1,
          p.form,
          p.lemma,
          p.upos,
          p.xpos,
          '_',
          '_',
          '_',
          '_',
          noSpace ? 'SpaceAfter=No' : '_',
        ].join('\t');
      });
      return `# sent_id = ${prefix}-${s + 1}\n# text = ${text}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}
const posKeys = new Set<string>();
const posSentences: Piece[][] = [];
while (posSentences.length < 300) {
  const ps = sentencePieces();
  const key = ps.map((p) => p.form).join(' ');
  if (posKeys.has(key)) continue;
  posKeys.add(key);
  posSentences.push(ps);
}
write('pos.train.conllu', `${conllu(posSentences.slice(0, 240), 'train')}\n`);
write('pos.dev.conllu', `${conllu(posSentences.slice(240), 'dev')}\n`);

// ---- NER (KLUE-NER character TSV; PS LC OG DT TI QT) ----
const people = ['김철수', '이영희', '박민준', '최지우', '정하늘', '강서연'];
const placesNer = ['서울', '부산', '제주도', '강남역', '대전', '인천공항'];
const orgs = ['삼성전자', '서울대학교', '한국은행', '카카오', '국회', '현대자동차'];
const dates = ['3월 5일', '어제', '내일', '지난해', '2024년', '10월 1일'];
const times = ['오후 3시', '아침 9시', '저녁 7시 반', '새벽 2시'];
const headcounts = ['다섯 명', '세 명', '20명', '열두 명'];
const durations = ['두 시간', '30분', '한 시간', '사흘'];
type Part = string | [string, string];
/** A particle that fits the entity before it: `j(name, '은/는')`. */
const j = (noun: string, pair: string) => josa(noun, pair).slice(noun.length);
const nerTemplates: (() => Part[])[] = [
  () => {
    const p = pick(people);
    return [[p, 'PS'], `${j(p, '은/는')} `, [pick(dates), 'DT'], ' ', [pick(placesNer), 'LC'], '에 갔다.'];
  },
  () => [[pick(people), 'PS'], '씨가 ', [pick(orgs), 'OG'], '에 입사했다.'],
  () => {
    const o = pick(orgs);
    return [[o, 'OG'], `${j(o, '은/는')} `, [pick(dates), 'DT'], ' 신제품을 발표했다.'];
  },
  () => [[pick(times), 'TI'], '에 ', [pick(placesNer), 'LC'], '에서 만나자.'],
  () => {
    const [a, b] = [pick(people), pick(people)];
    return [
      [a, 'PS'],
      `${j(a, '과/와')} `,
      [b, 'PS'],
      `${j(b, '이/가')} `,
      [pick(durations), 'QT'],
      ' 동안 이야기했다.',
    ];
  },
  () => {
    const q = pick(headcounts);
    return ['회의에 ', [q, 'QT'], `${j(q, '이/가')} `, [pick(orgs), 'OG'], '에서 왔다.'];
  },
  () => [[pick(placesNer), 'LC'], ' 날씨는 ', [pick(dates), 'DT'], '부터 맑겠다.'],
  () => {
    const p = pick(people);
    return ['오늘 ', [pick(times), 'TI'], ' ', [p, 'PS'], `${j(p, '이/가')} 전화했다.`];
  },
];
function nerSentence(id: number, parts: Part[]): string {
  let text = '';
  let marked = '';
  const chars: [string, string][] = [];
  for (const p of parts) {
    if (typeof p === 'string') {
      text += p;
      marked += p;
      for (const ch of p) chars.push([ch, 'O']);
    } else {
      const [s, type] = p;
      text += s;
      marked += `<${s}:${type}>`;
      for (const [i, ch] of [...s].entries())
        chars.push([ch, ch === ' ' ? 'O' : i === 0 ? `B-${type}` : `I-${type}`]);
    }
  }
  // Inside an entity a space keeps the entity going in KLUE: tag it I- like the characters around it.
  for (let i = 1; i < chars.length - 1; i++) {
    const [ch] = chars[i]!;
    const next = chars[i + 1]![1];
    if (ch === ' ' && next.startsWith('I-')) chars[i] = [' ', next];
  }
  void text;
  return `## kornlp-ner-${id}\t${marked}\n${chars.map(([c, t]) => `${c}\t${t}`).join('\n')}\n`;
}
const nerSeen = new Set<string>();
const nerRows: Part[][] = [];
while (nerRows.length < 300) {
  const parts = pick(nerTemplates)();
  const key = JSON.stringify(parts);
  if (nerSeen.has(key)) continue;
  nerSeen.add(key);
  nerRows.push(parts);
}
const header = '## klue-ner format: ## <id><TAB><marked sentence>, then <char><TAB><tag> per character\n';
write(
  'ner.train.tsv',
  header +
    nerRows
      .slice(0, 240)
      .map((p, i) => nerSentence(i + 1, p))
      .join('\n'),
);
write(
  'ner.dev.tsv',
  header +
    nerRows
      .slice(240)
      .map((p, i) => nerSentence(241 + i, p))
      .join('\n'),
);
console.log('wrote examples/data: sentiment, spam, topic, pos, ner');
