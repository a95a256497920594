// The personal data the end-to-end runs type in: one list both runs use, so that
// logcheck.mjs can prove none of it reached a log file (issue #8 §4).

export const ZHANG_SAN = { name: '张三', id_number: '500118198503152633', phone: '13812345678', address: '永川区中山路隐私巷1号', demand: '小区电梯长期故障，要求物业维修' }
export const LI_SI = { name: '李四', phone: '13900000002', demand: '拖欠工资，要求支付' }
export const WANG_WU = { name: '<b>王五</b>', demand: '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">要求答复' }
export const CHEN_QI = { name: '陈七', id_number: '500118199007200418', phone: '13600000007', address: '永川区红河路保密小区7栋', demand: '要求解决小区漏水问题' }
export const ZHAO_LIU = { name: '赵六', id_number: '11010519491231002X', phone: '13700000001', address: '永川区萱花路测试苑6号', demand: '要求补缴社会保险，核实工龄' }

/** Every string that must never appear in a log. */
export const SECRETS = [ZHANG_SAN, LI_SI, WANG_WU, CHEN_QI, ZHAO_LIU]
  .flatMap((p) => Object.values(p))
  .concat(['王五'])
