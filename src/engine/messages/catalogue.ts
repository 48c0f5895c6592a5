/**
 * The one message catalogue: every refusal the engine gives, in Vietnamese and English.
 * Placeholders: `{name}`; `{name:date}` (a civil date: dd/mm/yyyy in Vietnamese); `{name:list}`
 * (values joined by ", "); `{name:msgs}` (nested messages joined by "; "); `{name:term}` (a
 * `term.<value>` entry of this catalogue). The English text is also the rule's `reason`.
 */
export interface Words {
  readonly vi: string;
  readonly en: string;
}

const w = (en: string, vi: string): Words => ({ en, vi });

export const MESSAGES = {
  // ---------------------------------------------------------------------------------------
  // Terms (rendered through `{x:term}`)
  'term.reprimand': w('reprimand', 'khiển trách'),
  'term.warning': w('warning', 'cảnh cáo'),
  'term.removal': w('removal', 'cách chức'),
  'term.inspection': w('inspection', 'kiểm tra khi có dấu hiệu vi phạm'),
  'term.investigation': w('investigation', 'điều tra'),
  'term.audit': w('audit', 'thanh tra, kiểm toán'),
  'term.disciplinaryReview': w('disciplinaryReview', 'xem xét xử lý kỷ luật'),
  'term.denunciation': w('denunciation', 'giải quyết tố cáo'),
  'term.clerk': w('clerk', 'chuyên viên tổ chức'),
  'term.organization_board': w('organization_board', 'ban tổ chức'),
  'term.inspection_commission': w('inspection_commission', 'ủy ban kiểm tra'),
  'term.party_committee': w('party_committee', 'cấp ủy'),
  'term.head': w('head', 'người đứng đầu'),
  'term.authority': w('authority', 'cấp có thẩm quyền'),
  'term.auditor': w('auditor', 'kiểm toán viên'),
  'term.admin': w('admin', 'quản trị'),
  'term.system': w('system', 'hệ thống'),
  'term.RESIGNATION_OR_RELEASE': w(
    'release from the post or reassignment',
    'cho thôi giữ chức vụ hoặc bố trí công tác khác',
  ),
  'term.DISMISSAL': w('dismissal', 'miễn nhiệm'),
  'term.atLeast': w('at least', 'từ'),
  'term.moreThan': w('more than', 'trên'),
  'term.today': w('today', 'ngày hôm nay'),
  'term.first': w('a first leadership post', 'bổ nhiệm lần đầu'),
  'term.higher': w('a higher post', 'chức vụ cao hơn'),
  'term.equal': w('an equal or lower post', 'chức vụ tương đương hoặc thấp hơn'),
  'term.politicalDegradation': w(
    'degradation in political ideology, ethics or lifestyle',
    'suy thoái về tư tưởng chính trị, đạo đức, lối sống',
  ),
  'term.politicalStandards': w(
    'a breach of political standards (internal political security)',
    'vi phạm tiêu chuẩn chính trị (bảo vệ chính trị nội bộ)',
  ),
  'term.disciplineLostPrestige': w(
    'disciplined, with prestige so reduced that the post cannot be held',
    'bị kỷ luật, uy tín giảm sút không thể đảm nhiệm chức vụ',
  ),
  'term.headResponsibility': w(
    'head responsibility for serious wrongdoing in the unit',
    'trách nhiệm người đứng đầu khi để xảy ra vi phạm nghiêm trọng',
  ),

  // ---------------------------------------------------------------------------------------
  // Shared pieces
  'data.list': w('{items:list}', '{items:list}'),
  'span.yearsMonths': w('{years}y{months}m', '{years} năm {months} tháng'),
  'data.cadreField': w('cadre {id}: {field}', 'cán bộ {id}: {field}'),
  'data.mustBeBoolean': w('{what} must be true or false', '{what} phải là true hoặc false'),
  'data.mustBeDate': w('{what} must be a date (YYYY-MM-DD)', '{what} phải là ngày (YYYY-MM-DD)'),
  'data.mustBeGender': w(
    '{what} must be "male" or "female"',
    '{what} phải là "male" hoặc "female"',
  ),
  'data.mustBeOneOf': w(
    '{what} must be one of {values:list}',
    '{what} phải là một trong {values:list}',
  ),
  'data.mustBeArray': w('{what} must be an array', '{what} phải là một danh sách'),
  'data.mustBeObject': w('{what} must be an object', '{what} phải là một đối tượng'),
  'data.untilBeforeSince': w(
    '{what} must be a date (YYYY-MM-DD) not before since',
    '{what} phải là ngày (YYYY-MM-DD) không trước ngày bắt đầu',
  ),
  'data.notCadre': w(
    '{id} is not a cadre of this case ({ids:list})',
    '{id} không phải cán bộ của hồ sơ này ({ids:list})',
  ),
  'data.noCadreAt': w('there is no cadre at {path}', 'không có cán bộ tại {path}'),
  'data.cadreWithoutId': w('cadre #{index} has no id', 'cán bộ thứ {index} không có mã'),
  'data.cadreWithoutIdAt': w(
    'cadre #{index} at {path} has no id',
    'cán bộ thứ {index} tại {path} không có mã',
  ),
  'data.cadreTwice': w(
    'cadre {id} appears twice at {path}',
    'cán bộ {id} xuất hiện hai lần tại {path}',
  ),
  'data.idsRequired': w(
    '{at} must be a non-empty array of cadre ids',
    '{at} phải là danh sách mã cán bộ, không rỗng',
  ),
  'data.listedTwice': w('{id} is listed twice in {at}', '{id} được nêu hai lần trong {at}'),
  'data.factsFreezes': w(
    'facts.freezes must be an object keyed by cadre id',
    'facts.freezes phải là đối tượng theo mã cán bộ',
  ),
  'data.factsDisciplines': w(
    'facts.disciplines must be an object keyed by cadre id',
    'facts.disciplines phải là đối tượng theo mã cán bộ',
  ),

  // ---------------------------------------------------------------------------------------
  // The step function
  'step.notInstant': w('now must be an ISO-8601 instant', 'thời điểm phải theo ISO-8601'),
  'step.subjectNotObject': w('subject must be an object', 'subject phải là một đối tượng'),
  'step.dataNotObject': w('data must be an object', 'data phải là một đối tượng'),
  'step.caseInvalid': w(
    'the case {field} is invalid: {errors}',
    '{field} của hồ sơ không hợp lệ: {errors}',
  ),
  'step.ended': w(
    'the case has ended in "{state}" and accepts no more events',
    'hồ sơ đã kết thúc ở "{state}", không nhận thêm sự kiện',
  ),
  'step.notAllowed': w(
    '{event} is not allowed in state "{state}"',
    '{event} không được phép ở trạng thái "{state}"',
  ),
  'step.forbidden': w(
    '{event} in state "{state}" may be sent only by {roles:orTerms}',
    '{event} ở trạng thái "{state}" chỉ do {roles:orTerms} gửi',
  ),
  'step.commentRequired': w(
    '{event} in state "{state}" needs a comment',
    '{event} ở trạng thái "{state}" cần có ý kiến',
  ),
  'step.payloadNotObject': w('payload must be an object', 'payload phải là một đối tượng'),
  'step.payloadInvalid': w(
    'the {event} payload is invalid: {errors}',
    'nội dung của {event} không hợp lệ: {errors}',
  ),
  'step.noExtension': w(
    'no running deadline can be extended by {event} ({deadlines:list}: not running or already extended)',
    'không có thời hạn nào đang chạy được gia hạn bằng {event} ({deadlines:list}: chưa chạy hoặc đã gia hạn)',
  ),
  'step.ledNowhere': w(
    '{event} led nowhere in state "{state}"',
    '{event} không dẫn tới đâu ở trạng thái "{state}"',
  ),
  'step.ruleNotSatisfied': w('rule {rule} is not satisfied', 'quy tắc {rule} không được đáp ứng'),

  // ---------------------------------------------------------------------------------------
  // vote
  'vote.inconsistent': w(
    'The vote tally is inconsistent: {problems:msgs}.',
    'Kết quả kiểm phiếu không nhất quán: {problems:msgs}.',
  ),
  'vote.noCandidateList': w(
    'No list of candidates is recorded at facts.{fact}, so the tally cannot be checked against it.',
    'Chưa ghi nhận danh sách ứng viên tại facts.{fact} nên không thể đối chiếu kết quả kiểm phiếu.',
  ),
  'vote.notObject': w('the tally must be an object', 'kết quả kiểm phiếu phải là một đối tượng'),
  'vote.required': w('{field} is required', 'thiếu {field}'),
  'vote.notCount': w(
    '{field} must be a non-negative whole number (got {got})',
    '{field} phải là số nguyên không âm (nhận được {got})',
  ),
  'vote.summonedZero': w(
    'summoned must be at least 1',
    'số người được triệu tập phải ít nhất là 1',
  ),
  'vote.presentAboveSummoned': w(
    'present ({present}) is more than summoned ({summoned})',
    'số có mặt ({present}) nhiều hơn số được triệu tập ({summoned})',
  ),
  'vote.ballotsAbovePresent': w(
    'ballotsReturned ({ballotsReturned}) is more than present ({present})',
    'số phiếu thu về ({ballotsReturned}) nhiều hơn số có mặt ({present})',
  ),
  'vote.invalidAboveBallots': w(
    'invalid ({invalid}) is more than ballotsReturned ({ballotsReturned})',
    'số phiếu không hợp lệ ({invalid}) nhiều hơn số phiếu thu về ({ballotsReturned})',
  ),
  'vote.bothForms': w(
    'a tally is either yes/no (inFavour, against, abstain) or candidates, not both',
    'kết quả kiểm phiếu là đồng ý/không đồng ý hoặc theo ứng viên, không đồng thời cả hai',
  ),
  'vote.candidatesExpected': w(
    'this step votes on candidates: send candidates, not inFavour/against/abstain',
    'bước này bỏ phiếu theo ứng viên: gửi candidates, không gửi inFavour/against/abstain',
  ),
  'vote.yesNoExpected': w(
    'this step is a yes/no vote: send inFavour/against/abstain, not candidates',
    'bước này biểu quyết đồng ý/không đồng ý: gửi inFavour/against/abstain, không gửi candidates',
  ),
  'vote.inFavourRequired': w(
    'inFavour is required in a yes/no tally',
    'thiếu số phiếu đồng ý (inFavour)',
  ),
  'vote.yesNoAboveBallots': w(
    'inFavour + against + abstain + invalid ({inFavour} + {against} + {abstain} + {invalid} = {used}) is more than ballotsReturned ({ballotsReturned})',
    'đồng ý + không đồng ý + không có ý kiến + không hợp lệ ({inFavour} + {against} + {abstain} + {invalid} = {used}) nhiều hơn số phiếu thu về ({ballotsReturned})',
  ),
  'vote.candidateAboveBallots': w(
    'candidate {id} has {votes} votes, more than the {valid} valid ballots',
    'ứng viên {id} có {votes} phiếu, nhiều hơn {valid} phiếu hợp lệ',
  ),
  'vote.singleChoice': w(
    "the candidates' votes plus invalid ballots ({sum} + {invalid}) are more than ballotsReturned ({ballotsReturned}); each ballot names one candidate",
    'tổng số phiếu của các ứng viên cộng phiếu không hợp lệ ({sum} + {invalid}) nhiều hơn số phiếu thu về ({ballotsReturned}); mỗi phiếu chỉ ghi một ứng viên',
  ),
  'vote.perPost': w(
    "the candidates' votes ({sum}) are more than the {valid} valid ballots × {seats} post(s) ({limit}); each ballot gives at most one choice per post",
    'tổng số phiếu của các ứng viên ({sum}) nhiều hơn {valid} phiếu hợp lệ × {seats} chức danh ({limit}); mỗi phiếu chỉ giới thiệu một người cho một chức danh',
  ),
  'vote.yesNoForSeveral': w(
    'this step votes on {count} candidates ({ids:list}) for {seats} post(s): record the votes of each candidate, not one yes/no count',
    'bước này bỏ phiếu cho {count} ứng viên ({ids:list}) vào {seats} chức danh: ghi số phiếu của từng ứng viên, không ghi một kết quả đồng ý/không đồng ý chung',
  ),
  'vote.unknownCandidate': w(
    "candidate {id} is not one of this step's candidates ({allowed:list})",
    'ứng viên {id} không thuộc danh sách ứng viên của bước này ({allowed:list})',
  ),
  'vote.fieldInvalid': w('{field} {problem}', '{field} không hợp lệ ({problem})'),
  'vote.candidatesNotArray': w(
    'candidates must be an array of {id, votes}',
    'candidates phải là danh sách {id, votes}',
  ),
  'vote.candidatesEmpty': w(
    'candidates must list at least one candidate',
    'candidates phải có ít nhất một ứng viên',
  ),
  'vote.candidateId': w(
    'candidates[{index}].id must be a non-empty string',
    'candidates[{index}].id phải là chuỗi không rỗng',
  ),
  'vote.candidateVotes': w(
    'candidate {id}: votes must be a non-negative whole number (got {got})',
    'ứng viên {id}: số phiếu phải là số nguyên không âm (nhận được {got})',
  ),
  'vote.candidateTwice': w(
    'candidate {id} is listed more than once',
    'ứng viên {id} được nêu nhiều lần',
  ),
  'vote.noForm': w(
    'the tally has neither a yes/no count (inFavour, against, abstain) nor candidates',
    'kết quả kiểm phiếu không có số đồng ý/không đồng ý cũng không có số phiếu ứng viên',
  ),

  // ---------------------------------------------------------------------------------------
  // approvals
  'approvals.alreadyApproved': w(
    "Principal {actor} already gave the {role} approval for this step; one principal gives at most one of a step's approvals.",
    'Người dùng {actor} đã phê duyệt với vai trò {role:term} ở bước này; mỗi người chỉ cho một phê duyệt của một bước.',
  ),
  'approvals.submittedStep': w(
    'Principal {actor} submitted this step and may not approve it.',
    'Người dùng {actor} đã trình bước này nên không được phê duyệt bước này.',
  ),
  'approvals.roleNotNeeded': w(
    'The role {role} is not one this step needs ({required:list}).',
    'Vai trò {role} không thuộc các vai trò bước này cần ({required:list}).',
  ),
  'approvals.roleNotHeld': w(
    'Principal {actor} does not hold the role {role}.',
    'Người dùng {actor} không có vai trò {role:term}.',
  ),
  'approvals.roleGiven': w(
    'The {role} approval for this step has already been given.',
    'Phê duyệt của {role:term} ở bước này đã được cho.',
  ),
  'approvals.noRole': w(
    'Principal {actor} holds none of the roles whose approval this step needs ({required:list}).',
    'Người dùng {actor} không có vai trò nào mà bước này cần phê duyệt ({required:list}).',
  ),
  'approvals.heldGivenOne': w(
    'The {held} approval that principal {actor} could give has already been given; still pending: {pending:list}.',
    'Phê duyệt {held} mà người dùng {actor} có thể cho đã được cho; còn chờ: {pending:list}.',
  ),
  'approvals.heldGivenMany': w(
    'The {held} approvals that principal {actor} could give have already been given; still pending: {pending:list}.',
    'Các phê duyệt {held} mà người dùng {actor} có thể cho đã được cho; còn chờ: {pending:list}.',
  ),

  // ---------------------------------------------------------------------------------------
  // atLeast, choice, collect, selection
  'atLeast.notNumber': w('{label} ({path}) must be a number.', '{label} ({path}) phải là một số.'),
  'atLeast.badException': w(
    '{path} must be the reference of the exception document.',
    '{path} phải là số hiệu văn bản cho phép ngoại lệ.',
  ),
  'atLeast.below': w(
    '{label} is {value}, below the minimum of {min}.',
    '{label} là {value}, thấp hơn mức tối thiểu {min}.',
  ),
  'atLeast.belowNoException': w(
    '{label} is {value}, below the minimum of {min} (no exception given at {liftedBy}).',
    '{label} là {value}, thấp hơn mức tối thiểu {min} (không có văn bản ngoại lệ tại {liftedBy}).',
  ),
  'choice.invalid': w(
    'payload.{field} must be one of {values:list} (got {got}).',
    'payload.{field} phải là một trong {values:list} (nhận được {got}).',
  ),
  'collect.notObject': w(
    'facts.{fact} must be an object keyed by {field}.',
    'facts.{fact} phải là đối tượng theo {field}.',
  ),
  'collect.already': w(
    'The {value} item has already been recorded.',
    'Mục {value} đã được ghi nhận.',
  ),
  'selection.notList': w('{path} is not a list of ids', '{path} không phải danh sách mã'),
  'selection.problems': w('{problems:msgs}.', '{problems:msgs}.'),
  'selection.notIds': w(
    '{path} must be an id or a list of ids.',
    '{path} phải là một mã hoặc danh sách mã.',
  ),
  'selection.outside': w(
    '{ids:list} cannot be chosen (the choice is among {allowed})',
    'không thể chọn {ids:list} (chỉ được chọn trong số {allowed})',
  ),
  'selection.mustKeep': w('the choice must keep {ids:list}', 'phải giữ {ids:list}'),
  'selection.count': w(
    'the choice must name {count} (got {got})',
    'phải chọn đúng {count} người (nhận được {got})',
  ),
  'selection.none': w('none', 'không có'),

  // ---------------------------------------------------------------------------------------
  // eligibility
  'eligibility.badNow': w(
    'The event time {now} is not an ISO-8601 instant.',
    'Thời điểm của sự kiện {now} không theo ISO-8601.',
  ),
  'eligibility.cannotCheck': w(
    'The cadres cannot be checked: {problems:msgs}.',
    'Không thể kiểm tra cán bộ: {problems:msgs}.',
  ),
  'eligibility.notEligible': w(
    'Not eligible on {date:date}. {cadres:sentences}.',
    'Không đủ điều kiện ngày {date:date}. {cadres:sentences}.',
  ),
  'eligibility.notEligibleMeasured': w(
    'Not eligible on {date:date} (age and time in post measured on {measuredOn:date}). {cadres:sentences}.',
    'Không đủ điều kiện ngày {date:date} (tuổi và thời gian giữ chức vụ tính đến ngày {measuredOn:date}). {cadres:sentences}.',
  ),
  'eligibility.cadre': w('{name}: {failures:msgs}', '{name}: {failures:msgs}'),
  'eligibility.planning': w('not in planning for the title', 'chưa được quy hoạch chức danh'),
  'eligibility.retirement': w(
    '{timeLeft} left before retirement on {retirementDate:date}, less than the {years} years required',
    'còn {timeLeft} đến ngày nghỉ hưu {retirementDate:date}, ít hơn {years} năm theo quy định',
  ),
  'eligibility.monthsInPost': w(
    '{months} months in the current post, fewer than the {required} required',
    'giữ chức vụ hiện tại {months} tháng, ít hơn {required} tháng theo quy định',
  ),
  'eligibility.monthsInPosts': w(
    '{months} months in the current and equivalent posts, fewer than the {required} required',
    'giữ chức vụ hiện tại và chức vụ tương đương {months} tháng, ít hơn {required} tháng theo quy định',
  ),
  'eligibility.discipline': w(
    'the {months}-month wait after the {level:term} effective {effectiveOn:date} runs until {waitEndsOn:date}',
    'chưa hết thời hạn {months} tháng kể từ ngày quyết định kỷ luật {level:term} có hiệu lực ({effectiveOn:date}): đến ngày {waitEndsOn:date}',
  ),
  'eligibility.disciplineSource': w(
    'the {months}-month wait after the {level:term} effective {effectiveOn:date} runs until {waitEndsOn:date} ({source})',
    'chưa hết thời hạn {months} tháng kể từ ngày quyết định kỷ luật {level:term} có hiệu lực ({effectiveOn:date}): đến ngày {waitEndsOn:date} ({source})',
  ),
  'eligibility.frozen': w(
    'frozen by {kind:term} since {since:date}',
    'đang trong thời gian {kind:term} từ ngày {since:date}',
  ),
  'eligibility.frozenUntil': w(
    'frozen by {kind:term} since {since:date} until {until:date}',
    'đang trong thời gian {kind:term} từ ngày {since:date} đến ngày {until:date}',
  ),
  'eligibility.protectedDuty': w(
    'holds a protected duty',
    'đang thực hiện nhiệm vụ không được xem xét (quốc phòng, an ninh, nhiệm vụ trọng yếu)',
  ),
  'eligibility.exceptionNotCadre': w(
    '{at} names {id}, which is not a cadre of this case',
    '{at} nêu {id}, không phải cán bộ của hồ sơ này',
  ),
  'eligibility.exceptionNotChecked': w(
    '{at} names {id}, which is not among the cadres checked',
    '{at} nêu {id}, không thuộc số cán bộ được kiểm tra',
  ),
  'eligibility.exceptionRef': w(
    '{at}.{id} must be the reference of the exception document',
    '{at}.{id} phải là số hiệu văn bản cho phép ngoại lệ',
  ),
  'eligibility.exceptionsShape': w(
    '{at} must be an exception reference or an object {cadreId: exceptionRef}',
    '{at} phải là số hiệu văn bản ngoại lệ hoặc đối tượng {cadreId: exceptionRef}',
  ),
  'eligibility.measuredInFuture': w(
    'the measuring date {measuredOn:date} ({path}) is after the day of the event ({date:date})',
    'ngày tính tuổi và thời gian giữ chức vụ {measuredOn:date} ({path}) sau ngày của sự kiện ({date:date})',
  ),
  'eligibility.equivalentPostOrder': w(
    'cadre {id}: equivalentPosts[{index}] ends before it starts',
    'cán bộ {id}: equivalentPosts[{index}] kết thúc trước khi bắt đầu',
  ),

  // ---------------------------------------------------------------------------------------
  // lowConfidence, dismissalGrounds
  'lowConfidence.noCadre': w('There is no cadre at {path}.', 'Không có cán bộ tại {path}.'),
  'lowConfidence.badVote': w(
    'Cadre {cadre}: lastConfidenceVote must hold whole numbers ballotsReturned and low, with low ≤ ballotsReturned.',
    'Cán bộ {cadre}: lastConfidenceVote phải có số nguyên ballotsReturned và low, với low ≤ ballotsReturned.',
  ),
  'lowConfidence.band': w(
    'Cadre {cadre} must be considered for {band:term} instead: {low} of {ballots} ballots returned rated low confidence, {bound:term} {fraction}.',
    'Cán bộ {cadre} phải được xem xét {band:term}: {low}/{ballots} phiếu thu về tín nhiệm thấp, {bound:term} {fraction}.',
  ),
  'lowConfidence.voteRequired': w(
    'The {ground} ground needs a recorded confidence vote of cadre {cadre}.',
    'Căn cứ {ground} cần có kết quả lấy phiếu tín nhiệm của cán bộ {cadre}.',
  ),
  'lowConfidence.belowBand': w(
    'The {ground} ground needs {bound:term} {fraction} of the ballots returned rated low confidence; cadre {cadre} had {low} of {ballots}.',
    'Căn cứ {ground} cần {bound:term} {fraction} số phiếu thu về tín nhiệm thấp; cán bộ {cadre} có {low}/{ballots}.',
  ),
  'dismissal.grounds': w(
    'Cadre {cadre} must be considered for dismissal, not resignation ({regulation}): {grounds:msgs}.',
    'Cán bộ {cadre} thuộc trường hợp phải xem xét miễn nhiệm, không thực hiện cho từ chức ({regulation}): {grounds:msgs}.',
  ),
  'dismissal.reprimands': w(
    '{count} disciplines ({levels:list}) in the current term since {since:date}, at least {min}',
    'bị kỷ luật {count} lần ({levels:list}) trong nhiệm kỳ hiện tại từ ngày {since:date}, từ {min} lần trở lên',
  ),
  'dismissal.notCompleted': w(
    'rated as not completing duties in {years:list}: {min} consecutive years',
    'bị đánh giá không hoàn thành nhiệm vụ các năm {years:list}: {min} năm liên tiếp',
  ),
  'dismissal.lowConfidence': w(
    '{low} of {ballots} ballots returned rated low confidence, {bound:term} {fraction}',
    '{low}/{ballots} phiếu thu về tín nhiệm thấp, {bound:term} {fraction}',
  ),
  'dismissal.conclusion': w(
    'concluded: {kind:term} ({ref})',
    'đã có kết luận: {kind:term} ({ref})',
  ),
  'dismissal.releaseFromPost': w(
    'release from the post: the unit achieved {percent}% of its yearly targets (below {below}%) or missed {missed} basic targets (at least {minMissed}), with no force majeure, headed by the cadre for {months} months',
    'cho thôi giữ chức vụ: đơn vị đạt {percent}% chỉ tiêu năm (dưới {below}%) hoặc không đạt {missed} chỉ tiêu cơ bản (từ {minMissed}), không do bất khả kháng, cán bộ giữ chức vụ người đứng đầu {months} tháng',
  ),
  'dismissal.noGround': w(
    'Cadre {cadre}: no ground of dismissal or release from the post holds ({regulation}).',
    'Cán bộ {cadre}: không có căn cứ miễn nhiệm hoặc cho thôi giữ chức vụ ({regulation}).',
  ),
  'dismissal.groundNotHeld': w(
    'Cadre {cadre}: the ground {ground} does not hold ({regulation}); grounds that hold: {held:list}.',
    'Cán bộ {cadre}: căn cứ {ground} không có ({regulation}); các căn cứ hiện có: {held:list}.',
  ),
  'dismissal.groundMissing': w(
    'The proposal must name its ground at {path}.',
    'Đề xuất phải nêu căn cứ tại {path}.',
  ),
  'dismissal.badUnitResults': w(
    'The unit results at {path} must be an object with targetsAchievedPercent (a non-negative number) and basicTargetsMissed (a whole number).',
    'Kết quả của đơn vị tại {path} phải có targetsAchievedPercent (số không âm) và basicTargetsMissed (số nguyên).',
  ),
  'dismissal.badFacts': w(
    'The cadre cannot be checked: {problems:msgs}.',
    'Không thể kiểm tra cán bộ: {problems:msgs}.',
  ),

  // ---------------------------------------------------------------------------------------
  // retirementHorizon
  'horizon.retires': w(
    'Cadre {cadre} retires on {retirementDate:date}, on or before {on:date}: there is no term to renew.',
    'Cán bộ {cadre} nghỉ hưu ngày {retirementDate:date}, không sau ngày {on:date}: không còn nhiệm kỳ để bổ nhiệm lại hoặc kéo dài.',
  ),

  // ---------------------------------------------------------------------------------------
  // tieBreak
  'tieBreak.noTie': w(
    'No tie is recorded at {path}.',
    'Chưa ghi nhận kết quả ngang phiếu tại {path}.',
  ),
  'tieBreak.chosenRequired': w(
    'The tie is between candidates {tied:list}: the head must name {count} chosen (chosen).',
    'Các ứng viên {tied:list} có số phiếu ngang nhau: người đứng đầu phải nêu {count} người được chọn (chosen).',
  ),
  'tieBreak.chosenCount': w(
    'The head must choose {count} of {tied:list} (got {got}).',
    'Người đứng đầu phải chọn {count} trong số {tied:list} (nhận được {got}).',
  ),
  'tieBreak.chosenNotTied': w(
    '{ids:list} was not among those tied ({tied:list}).',
    '{ids:list} không thuộc số ứng viên có số phiếu ngang nhau ({tied:list}).',
  ),
  'tieBreak.chosenOnReject': w(
    'chosen names a candidate, but the head does not approve: leave chosen out.',
    'chosen nêu ứng viên nhưng người đứng đầu không đồng ý: bỏ chosen.',
  ),
  'tieBreak.nothingToChoose': w(
    'The tie was not between candidates: leave chosen out.',
    'Kết quả ngang phiếu không phải giữa các ứng viên: bỏ chosen.',
  ),

  // ---------------------------------------------------------------------------------------
  // freeze
  'freeze.nothingToLift': w(
    'No open freeze is recorded on this case for cadre {id}.',
    'Hồ sơ không có ghi nhận tạm dừng xem xét nào đang mở đối với cán bộ {id}.',
  ),
  'freeze.liftedInFuture': w(
    'liftedOn ({liftedOn:date}) is after the day of the event ({date:date}).',
    'ngày chấm dứt ({liftedOn:date}) sau ngày của sự kiện ({date:date}).',
  ),
  'freeze.liftedBeforeSince': w(
    'liftedOn ({liftedOn:date}) is before the freeze began ({since:date}).',
    'ngày chấm dứt ({liftedOn:date}) trước ngày bắt đầu tạm dừng ({since:date}).',
  ),
  'freeze.badFreeze': w(
    'The freeze cannot be recorded: {problems:msgs}.',
    'Không thể ghi nhận tạm dừng: {problems:msgs}.',
  ),

  // ---------------------------------------------------------------------------------------
  // termOfOffice, dateOrder
  'term.signedAfterEffective': w(
    'The decision is signed on {signedOn:date}, after the day it takes effect ({effectiveOn:date}).',
    'Quyết định ký ngày {signedOn:date}, sau ngày có hiệu lực ({effectiveOn:date}).',
  ),
  'term.signedLater': w(
    'The decision is dated as signed on {signedOn:date}, after the day it is recorded ({date:date}).',
    'Quyết định ghi ngày ký {signedOn:date}, sau ngày ghi nhận ({date:date}).',
  ),
  'term.afterRetirement': w(
    'Cadre {cadre} retires on {retirementDate:date}, not after the day the decision takes effect ({effectiveOn:date}).',
    'Cán bộ {cadre} nghỉ hưu ngày {retirementDate:date}, không sau ngày quyết định có hiệu lực ({effectiveOn:date}).',
  ),
  'term.badFacts': w(
    'The term cannot be computed: {problems:msgs}.',
    'Không thể tính thời hạn giữ chức vụ: {problems:msgs}.',
  ),
  'dates.after': w(
    '{field} ({value:date}) is after {bound} ({boundValue:date}).',
    '{field} ({value:date}) sau {bound} ({boundValue:date}).',
  ),
  'dates.missing': w('{field} must be a date (YYYY-MM-DD).', '{field} phải là ngày (YYYY-MM-DD).'),

  // ---------------------------------------------------------------------------------------
  // instance migration (planMigration)
  'migration.otherKey': w(
    'The case runs {fromKey}; version {toVersion} is a version of {toKey}.',
    'Hồ sơ theo quy trình {fromKey}; phiên bản {toVersion} thuộc quy trình {toKey}.',
  ),
  'migration.sameVersion': w(
    'The case already runs version {version}.',
    'Hồ sơ đang theo phiên bản {version}.',
  ),
  'migration.ended': w(
    'The case has ended in "{state}": a finished case is not migrated.',
    'Hồ sơ đã kết thúc ở "{state}": không chuyển phiên bản hồ sơ đã kết thúc.',
  ),
  'migration.notInSource': w(
    'The case is in "{state}", which version {version} does not have.',
    'Hồ sơ ở trạng thái "{state}", không có trong phiên bản {version}.',
  ),
  'migration.stateMissing': w(
    'Version {version} has no state "{state}", where the case is: give a mapping to one of its states.',
    'Phiên bản {version} không có trạng thái "{state}" mà hồ sơ đang ở: cần chỉ định trạng thái tương ứng.',
  ),
  'migration.mappedUnknown': w(
    'The mapping sends "{state}" to "{target}", which version {version} does not have.',
    'Ánh xạ chuyển "{state}" sang "{target}", không có trong phiên bản {version}.',
  ),
  'migration.mappedNotLeaf': w(
    'The mapping sends "{state}" to "{target}", which has sub-states: name one of them.',
    'Ánh xạ chuyển "{state}" sang "{target}" là trạng thái có trạng thái con: cần nêu trạng thái con.',
  ),
  'migration.mappedFinal': w(
    'The mapping sends "{state}" to the final state "{target}": a migration does not end a case.',
    'Ánh xạ chuyển "{state}" sang trạng thái kết thúc "{target}": chuyển phiên bản không kết thúc hồ sơ.',
  ),
  'migration.subjectInvalid': w(
    "The case's subject does not fit version {version}: {errors}.",
    'Thông tin hồ sơ không phù hợp phiên bản {version}: {errors}.',
  ),
  'migration.downgrade': w(
    'Version {toVersion} is older than version {fromVersion}, which the case runs.',
    'Phiên bản {toVersion} cũ hơn phiên bản {fromVersion} mà hồ sơ đang theo.',
  ),
  'migration.approvalsDropped': w(
    'The {roles:list} approval(s) given in "{state}" are not asked for by version {version} and are dropped.',
    'Phê duyệt của {roles:terms} đã cho ở "{state}" không còn được phiên bản {version} yêu cầu và bị bỏ.',
  ),
  'migration.missingFact': w(
    'Version {version} reads facts.{fact} (recorded at {writtenAt:list}, which the case has passed), and the case has none: the rules that read it use their defaults.',
    'Phiên bản {version} đọc facts.{fact} (ghi nhận ở {writtenAt:list}, hồ sơ đã qua), nhưng hồ sơ không có: các quy tắc đọc thông tin này dùng giá trị mặc định.',
  ),
} as const satisfies Record<string, Words>;

export type MessageKey = keyof typeof MESSAGES;
