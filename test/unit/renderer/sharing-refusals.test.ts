import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/renderer/locales';
import { refusalText } from '../../../src/renderer/pages/sharing/labels';

const zh = translator('zh-CN');
const en = translator('en-US');
const region = { region: '420100', regionName: '武汉市', consoleRegion: '420102', consoleRegionName: '江岸区' };

describe('why a case was not assigned', () => {
  it('names both regions when the console sends another region, in Chinese and English', () => {
    expect(refusalText(zh, 'outside-console-region', region)).toBe('本控制台向中心平台报送江岸区（420102）的数据，武汉市（420100）的变更会被中心平台拒绝，未予保存。请在该地区的控制台上办理。');
    expect(refusalText(en, 'outside-console-region', region)).toContain('This console sends the data of 江岸区 (420102)');
  });

  it('says an error code in words and passes an unknown reason through as the core said it', () => {
    expect(refusalText(zh, 'FORBIDDEN')).toBe('您没有执行此操作的权限。');
    expect(refusalText(zh, 'NOT_FOUND')).toBe('找不到要查看的记录。');
    expect(refusalText(zh, 'not-a-reviewer')).toBe(zh('sh.refused.not-reviewer'));
    expect(refusalText(zh, 'something-new')).toBe('something-new');
  });
});
