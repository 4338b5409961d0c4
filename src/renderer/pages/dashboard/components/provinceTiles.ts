/**
 * Where each province's tile sits on the national tile map: a 9 × 8 grid drawn roughly after the
 * map of China (north at the top, the coast on the right), keyed by the two-digit province prefix
 * so it holds whatever the region table calls the province. Equal tiles make Ningxia as visible as
 * Xinjiang, which a geographic map would not.
 */
export const PROVINCE_TILES: Readonly<Record<string, { row: number; col: number }>> = {
  '23': { row: 0, col: 8 }, // 黑龙江
  '65': { row: 1, col: 1 }, // 新疆
  '15': { row: 1, col: 5 }, // 内蒙古
  '11': { row: 1, col: 6 }, // 北京
  '21': { row: 1, col: 7 }, // 辽宁
  '22': { row: 1, col: 8 }, // 吉林
  '62': { row: 2, col: 3 }, // 甘肃
  '64': { row: 2, col: 4 }, // 宁夏
  '14': { row: 2, col: 5 }, // 山西
  '13': { row: 2, col: 6 }, // 河北
  '12': { row: 2, col: 7 }, // 天津
  '54': { row: 3, col: 1 }, // 西藏
  '63': { row: 3, col: 2 }, // 青海
  '61': { row: 3, col: 4 }, // 陕西
  '41': { row: 3, col: 5 }, // 河南
  '37': { row: 3, col: 6 }, // 山东
  '51': { row: 4, col: 3 }, // 四川
  '50': { row: 4, col: 4 }, // 重庆
  '42': { row: 4, col: 5 }, // 湖北
  '34': { row: 4, col: 6 }, // 安徽
  '32': { row: 4, col: 7 }, // 江苏
  '53': { row: 5, col: 3 }, // 云南
  '52': { row: 5, col: 4 }, // 贵州
  '43': { row: 5, col: 5 }, // 湖南
  '36': { row: 5, col: 6 }, // 江西
  '33': { row: 5, col: 7 }, // 浙江
  '31': { row: 5, col: 8 }, // 上海
  '45': { row: 6, col: 4 }, // 广西
  '44': { row: 6, col: 5 }, // 广东
  '35': { row: 6, col: 6 }, // 福建
  '71': { row: 6, col: 7 }, // 台湾
  '46': { row: 7, col: 4 }, // 海南
  '82': { row: 7, col: 5 }, // 澳门
  '81': { row: 7, col: 6 }, // 香港
};

export const TILE_GRID = { rows: 8, cols: 9 };
