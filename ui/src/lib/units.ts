// The units and their leaders, shared by the shell (header, wizard), the forms and settings.
import { computed, ref } from 'vue'
import { call } from '../api'
import type { UnitInfo } from './types'

export const units = ref<UnitInfo[]>([])
export const unitsLoaded = ref(false)

export async function loadUnits(): Promise<UnitInfo[]> {
  units.value = await call('unit_list')
  unitsLoaded.value = true
  return units.value
}

export function setUnits(list: UnitInfo[]) {
  units.value = list
  unitsLoaded.value = true
}

/** The unit shown in the header: the only one, or the first with the count of others. */
export const unitTitle = computed(() => {
  const u = units.value
  if (u.length === 0) return '未设置单位'
  if (u.length === 1) return u[0].name
  return `${u[0].name} 等 ${u.length} 个单位`
})

export function leadersOf(unit: string, role?: string): string[] {
  const u = units.value.find((x) => x.name === unit)
  if (!u) return []
  return u.leaders.filter((l) => !role || l.role === role).map((l) => l.name)
}
