/** Inputs every tokenizer must survive (STYLE §11), shared by the engine suites and the fuzz test. */
export const AWKWARD_INPUTS: Record<string, string> = {
  empty: '',
  'spaces only': '   ',
  'whitespace mix': ' \t \r\n \u3000 ',
  newlines: '\n\n하나\n\n둘\n',
  emoji: '좋아요👍👍 최고😀',
  'zero-width': '안\u200b녕\u200d하세요\ufeff',
  'lone high surrogate': 'a\ud800b',
  'lone low surrogate': '\udc00가',
  'reversed pair': '\udc00\ud800',
  'NUL and controls': 'a\u0000b\u0001\u0007c\u007f가',
  jamo: 'ㅋㅋㅋㅋ ㅠㅠ ㄱㄴㄷ',
  'conjoining jamo': '\u1112\u1161\u11ab\u1100\u1173\u11af',
  hanja: '大韓民國 憲法',
  'mixed scripts': 'Hello세계123 ΑΒΓ абв ひらがな カタカナ',
  'long run of one symbol': '!'.repeat(300),
  'U+FFFF and U+FFFD': '\uffff\ufffd가',
};

/** A line of about 1 MB (UTF-16 units), Korean with spaces and some astral characters. */
export function megabyteLine(): string {
  const unit = '아버지가방에들어가신다 우리 가게로 오세요😀 abc123 ';
  return unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
}
