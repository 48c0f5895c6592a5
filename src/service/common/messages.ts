import { vietnameseDate, type LocalizedText } from './language.js';

/**
 * The service's messages in Vietnamese and English (SPEC §3.6): one catalogue, so a translator
 * reads every sentence the API can say in one file. The rules' refusals come from the engine's
 * catalogue; codes and details never change with the language.
 */
export const messages = {
  caseNotFound: (caseId?: string): LocalizedText =>
    caseId === undefined
      ? { en: 'no case has this id', vi: 'Không có hồ sơ nào mang mã này' }
      : { en: `case ${caseId} does not exist`, vi: `Không tồn tại hồ sơ ${caseId}` },
  caseHistoryUnreadable: (caseId: string): LocalizedText => ({
    en: `case ${caseId} has no readable history`,
    vi: `Hồ sơ ${caseId} không có lịch sử đọc được`,
  }),
  withdrawalScope: (caseId: string, role: string): LocalizedText => ({
    en: `only the principal who opened case ${caseId}, or one granted the ${role} role by an admin, may withdraw it`,
    vi: `Chỉ người đã mở hồ sơ ${caseId}, hoặc người được quản trị viên cấp vai trò ${role}, mới được rút hồ sơ`,
  }),
  idempotencyKeyReused: (): LocalizedText => ({
    en: 'this Idempotency-Key was already used with a different request',
    vi: 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
  }),
  idempotencyKeyInvalid: (): LocalizedText => ({
    en: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
    vi: 'Idempotency-Key phải gồm 1 đến 200 ký tự ASCII nhìn thấy được',
  }),
  revisionStale: (actual: number, expected: number): LocalizedText => ({
    en: `the case is at revision ${actual}, not ${expected}: reload it and decide again`,
    vi: `Hồ sơ đang ở phiên bản ${actual}, không phải ${expected}: hãy tải lại và quyết định lại`,
  }),
  caseChangedMeanwhile: (): LocalizedText => ({
    en: 'the case changed while this event was applied: reload it and decide again',
    vi: 'Hồ sơ đã thay đổi trong khi sự kiện được xử lý: hãy tải lại và quyết định lại',
  }),
  caseInconsistent: (): LocalizedText => ({
    en: 'the case in the database disagrees with its history; it accepts no event until an administrator investigates (see its /verify)',
    vi: 'Hồ sơ trong cơ sở dữ liệu không khớp với lịch sử của nó; hồ sơ không nhận sự kiện nào cho đến khi quản trị viên kiểm tra (xem /verify)',
  }),
  tooManyBytes: (path: string, bytes: number, maxBytes: number): LocalizedText => ({
    en: `${path} takes ${bytes} bytes as JSON; at most ${maxBytes} are accepted`,
    vi: `${path} chiếm ${bytes} byte dạng JSON; chỉ chấp nhận tối đa ${maxBytes} byte`,
  }),
  authenticationRequired: (): LocalizedText => ({
    en: 'authentication is required: send the header "Authorization: Bearer <token>"',
    vi: 'Cần xác thực: gửi tiêu đề Authorization: Bearer <mã truy cập>',
  }),
  unknownToken: (): LocalizedText => ({
    en: 'the token is unknown or has been revoked',
    vi: 'Mã truy cập không tồn tại hoặc đã bị thu hồi',
  }),
  authenticatedCallerRequired: (): LocalizedText => ({
    en: 'this route needs an authenticated caller',
    vi: 'Đường dẫn này cần người gọi đã xác thực',
  }),
  rateLimited: (retryAfterSeconds: number): LocalizedText => ({
    en: `too many unauthenticated requests from this address; try again in ${retryAfterSeconds} s`,
    vi: `Quá nhiều yêu cầu chưa xác thực từ địa chỉ này; hãy thử lại sau ${retryAfterSeconds} giây`,
  }),
  rolesRequired: (roles: readonly string[]): LocalizedText => ({
    en: `this route is only for the role${roles.length > 1 ? 's' : ''} ${roles.join(', ')}`,
    vi: `Đường dẫn này chỉ dành cho vai trò ${roles.join(', ')}`,
  }),
  principalNotFound: (id: string): LocalizedText => ({
    en: `there is no principal ${id}`,
    vi: `Không có người dùng ${id}`,
  }),
  workflowNotFound: (key: string, version?: number): LocalizedText =>
    version === undefined
      ? { en: `workflow ${key} does not exist`, vi: `Không tồn tại quy trình ${key}` }
      : {
          en: `workflow ${key} version ${version} does not exist`,
          vi: `Không tồn tại phiên bản ${version} của quy trình ${key}`,
        },
  startedOnNotADate: (value: string): LocalizedText => ({
    en: `startedOn must be a date (YYYY-MM-DD): ${value} is not one`,
    vi: `startedOn phải là một ngày (YYYY-MM-DD): ${value} không phải là ngày hợp lệ`,
  }),
  startedOnInFuture: (startedOn: string, today: string): LocalizedText => ({
    en: `startedOn (${startedOn}) is after today (${today}): a process cannot begin in the future`,
    vi: `startedOn (${vietnameseDate(startedOn)}) sau ngày hôm nay (${vietnameseDate(today)}): quy trình không thể bắt đầu trong tương lai`,
  }),
  noVersionInForce: (key: string, startedOn: string): LocalizedText => ({
    en: `no version of workflow ${key} was in force on ${startedOn}`,
    vi: `Không có phiên bản nào của quy trình ${key} có hiệu lực vào ngày ${vietnameseDate(startedOn)}`,
  }),
  versionNotInForce: (
    key: string,
    version: number,
    startedOn: string,
    inForce: number,
  ): LocalizedText => ({
    en: `workflow ${key} version ${version} was not in force on ${startedOn}: version ${inForce} was`,
    vi: `Phiên bản ${version} của quy trình ${key} không có hiệu lực vào ngày ${vietnameseDate(startedOn)}: phiên bản có hiệu lực là ${inForce}`,
  }),
  migrationNotPossible: (
    caseId: string,
    toVersion: number,
    reasons: { en: readonly string[]; vi: readonly string[] },
  ): LocalizedText => ({
    en: `case ${caseId} cannot move to version ${toVersion}: ${reasons.en.join('; ')}`,
    vi: `Hồ sơ ${caseId} không thể chuyển sang phiên bản ${toVersion}: ${reasons.vi.join('; ')}`,
  }),
  stateMappingTarget: (state: string): LocalizedText => ({
    en: `stateMapping.${state} must be a state id (a string of at most 300 characters)`,
    vi: `stateMapping.${state} phải là mã một trạng thái (chuỗi tối đa 300 ký tự)`,
  }),
  workflowVersionOutOfRange: (value: string, max: number): LocalizedText => ({
    en: `a workflow version is a whole number from 1 to ${max}: there is no version ${value}`,
    vi: `Phiên bản quy trình là số nguyên từ 1 đến ${max}: không có phiên bản ${value}`,
  }),
  definitionInvalid: (count: number, summary: string): LocalizedText => ({
    en: `the definition has ${count} problem(s): ${summary}`,
    vi: `Định nghĩa quy trình có ${count} lỗi (chi tiết trong details.problems)`,
  }),
  calendarYearMissing: (year: number): LocalizedText => ({
    en: `the calendar has no data for ${year}`,
    vi: `Lịch làm việc chưa có dữ liệu năm ${year}`,
  }),
  fromAfterTo: (from: string, to: string): LocalizedText => ({
    en: 'from must not be after to',
    vi: `Ngày bắt đầu (${vietnameseDate(from)}) không được sau ngày kết thúc (${vietnameseDate(to)})`,
  }),
  cursorInvalid: (): LocalizedText => ({
    en: 'cursor is not a cursor this API returned',
    vi: 'cursor không phải là con trỏ do API này trả về',
  }),
  nulCharacter: (where: string): LocalizedText => ({
    en: `${where} contains a NUL character (U+0000), which no field accepts`,
    vi: `${where} chứa ký tự NUL (U+0000), không trường nào chấp nhận`,
  }),
  notUuid: (path: string, what: string): LocalizedText => ({
    en: `${what} must be a UUID`,
    vi: `${path} phải là một UUID`,
  }),
  diagramFormat: (): LocalizedText => ({
    en: 'format must be mermaid or svg',
    vi: 'format phải là mermaid hoặc svg',
  }),
  bodyNotUtf8: (): LocalizedText => ({
    en: 'the body must be UTF-8 (it contains a byte sequence that is not)',
    vi: 'Nội dung yêu cầu phải mã hoá UTF-8 (có chuỗi byte không hợp lệ)',
  }),
  forbiddenKey: (): LocalizedText => ({
    en: 'the body contains a forbidden key (__proto__, constructor or prototype)',
    vi: 'Nội dung yêu cầu chứa khoá bị cấm (__proto__, constructor hoặc prototype)',
  }),
  unitCodeTaken: (code: string): LocalizedText => ({
    en: `a unit with the code ${code} exists already`,
    vi: `Đã có đơn vị mang mã ${code}`,
  }),
  unitUnknown: (path: string): LocalizedText => ({
    en: `${path} names no unit you may use`,
    vi: `${path} không chỉ một đơn vị mà bạn được phép dùng`,
  }),
  scopeNotWider: (): LocalizedText => ({
    en: 'scopeUnitId must be the unit itself or a unit above it (a scope is never narrower than the own unit)',
    vi: 'scopeUnitId phải là chính đơn vị đó hoặc một đơn vị cấp trên của nó',
  }),
  unitImportInvalid: (count: number): LocalizedText => ({
    en: `the import has ${count} problem(s); nothing was written (details.errors lists them)`,
    vi: `Tệp nhập có ${count} lỗi; chưa ghi gì (xem details.errors)`,
  }),
  cadreNotFound: (cadreId?: string): LocalizedText =>
    cadreId === undefined
      ? { en: 'no cadre has this id', vi: 'Không có cán bộ nào mang mã này' }
      : { en: `cadre ${cadreId} does not exist`, vi: `Không tồn tại cán bộ ${cadreId}` },
  cadreCodeTaken: (code: string): LocalizedText => ({
    en: `a cadre with code ${code} already exists`,
    vi: `Đã có cán bộ mang mã ${code}`,
  }),
  unitOutOfScope: (unitId: string): LocalizedText => ({
    en: `unit ${unitId} is not a unit you may act on`,
    vi: `Đơn vị ${unitId} không thuộc phạm vi được giao`,
  }),
  supersedesUnknown: (seq: number): LocalizedText => ({
    en: `supersedes names entry ${seq}, which this cadre's registry does not have`,
    vi: `supersedes trỏ tới mục ${seq}, nhưng hồ sơ cán bộ không có mục này`,
  }),
  supersedesOtherKind: (seq: number, kind: string, targetKind: string): LocalizedText => ({
    en: `entry ${seq} is a ${targetKind} entry: a ${kind} entry cannot supersede it`,
    vi: `Mục ${seq} thuộc loại ${targetKind}: mục loại ${kind} không thể thay thế nó`,
  }),
  alreadySuperseded: (seq: number, by: number): LocalizedText => ({
    en: `entry ${seq} was already superseded by entry ${by}: correct entry ${by} instead`,
    vi: `Mục ${seq} đã được thay thế bởi mục ${by}: hãy đính chính mục ${by}`,
  }),
  registryEntryShape: (reason: string): LocalizedText => ({
    en: reason,
    vi: 'Mục đăng ký không hợp lệ: mục bị hủy (void) phải chỉ rõ mục bị thay thế và không có dữ liệu; các mục khác phải có dữ liệu; thông tin cá nhân chỉ được đính chính, không được hủy',
  }),
  asOfNotADate: (value: string): LocalizedText => ({
    en: `asOf must be a date (YYYY-MM-DD): ${value} is not one`,
    vi: `asOf phải là một ngày (YYYY-MM-DD): ${value} không phải là ngày hợp lệ`,
  }),
} as const;
