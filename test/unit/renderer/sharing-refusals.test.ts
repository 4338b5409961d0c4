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

  it('says a reason or an error code in words and passes an unknown reason through as the core said it', () => {
    expect(refusalText(zh, 'stage')).toBe('案件当前阶段不能分派');
    expect(refusalText(en, 'not-handled')).toBe('The case is not handled by your authority');
    expect(refusalText(zh, 'CONFLICT')).toBe('记录已被他人修改或已存在。');
    expect(refusalText(zh, 'not-a-reviewer')).toBe(zh('sh.refused.not-reviewer'));
    expect(refusalText(zh, 'something-new')).toBe('something-new');
  });
});
