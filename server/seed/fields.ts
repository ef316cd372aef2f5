import type { CadreFields } from '../modules/cadre/cadre.rules';
import type { UnitFields } from '../modules/unit/unit.rules';
import type { SeedCadre } from './cadres';
import type { UnitRow } from './model';

/** A generated unit as createUnit takes it (the services path) and its rules check it (bulk). */
export function unitFieldsOf(u: UnitRow): UnitFields {
  return {
    code: u.code,
    name: u.name,
    kind: u.kind,
    adminLevel: u.admin_level,
    region: u.region,
    isDevelopedRegion: u.is_developed_region,
    frontlineArea: u.frontline_area,
    parentId: u.parent_id,
  };
}

/**
 * A generated cadre as createCadre takes it: `initial`, as the cadre was before the promotions
 * that the career events record (the services path writes those events), else as after them.
 */
export function cadreFieldsOf(c: SeedCadre, initial: boolean): CadreFields {
  return {
    name: c.name,
    gender: c.gender,
    birthDate: c.birth_date,
    education: c.education,
    politicalStatus: c.political_status,
    homeUnitId: c.home_unit_id,
    positionTitle: initial ? c.initialTitle : c.position_title,
    rank: initial ? c.initialRank : c.rank,
    isLeadership: c.is_leadership,
    isReserve: c.is_reserve,
    isTrainee: c.is_trainee,
    isRecruitedGraduate: c.is_recruited_graduate,
    specialties: [...c.specialties],
    idNumber: c.id_number,
    phone: c.phone,
  };
}
