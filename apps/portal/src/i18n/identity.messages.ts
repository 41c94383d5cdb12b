/** Interface text of sign-in with the national identity (VNeID) and its assurance levels, Vietnamese first. */
export const IDENTITY_MESSAGES = {
  vi: {
    'identity.verified': 'Đã xác thực',
    'identity.verifiedLead':
      'Thông tin sau được xác thực qua tài khoản định danh điện tử mức {level} của bạn, không cần nhập lại và không sửa được:',
    'identity.verifiedHint': 'Xác thực qua tài khoản định danh điện tử (VNeID). Thông tin sai thì cập nhật tại VNeID.',
    'identity.level2.required': 'Thủ tục này yêu cầu tài khoản định danh điện tử mức 2',
    'identity.level2.why':
      'Hồ sơ trực tuyến của thủ tục này chỉ được nộp khi bạn đăng nhập bằng tài khoản định danh điện tử (VNeID) mức 2, vì cơ quan giải quyết cần chắc chắn người nộp đúng là bạn.',
    'identity.level2.current.0': 'Bạn đang đăng nhập bằng tài khoản của cổng, chưa qua định danh điện tử.',
    'identity.level2.current.1': 'Bạn đang đăng nhập bằng tài khoản định danh điện tử mức 1.',
    'identity.level2.how':
      'Bạn vẫn lưu được bản nháp. Để nộp, hãy đăng nhập lại bằng tài khoản định danh điện tử mức 2; nếu tài khoản VNeID của bạn mới ở mức 1, hãy nâng lên mức 2 (tại cơ quan Công an nơi cư trú) rồi đăng nhập lại. Sau khi đăng nhập, bạn quay về đúng trang này.',
    'identity.level2.stepUp': 'Đăng nhập lại bằng định danh điện tử mức 2',
    'identity.level2.ok': 'Bạn đang đăng nhập bằng tài khoản định danh điện tử mức 2: có thể nộp hồ sơ thủ tục này.',
    'identity.level2.notSubmitted': 'Hồ sơ chưa được nộp: thủ tục này yêu cầu đăng nhập bằng định danh điện tử mức 2.',
    'identity.catalogue.label': 'Nộp trực tuyến',
    'identity.catalogue.level1': 'Mọi tài khoản công dân',
    'identity.catalogue.level2': 'Cần tài khoản định danh điện tử mức 2',
    'identity.admin.column': 'Định danh để nộp trực tuyến',
    'identity.admin.change': 'Lưu',
    'identity.admin.level1': 'Mọi tài khoản',
    'identity.admin.level2': 'VNeID mức 2',
    'identity.admin.legend': 'Định danh cần có để nộp trực tuyến thủ tục {code}',
    'identity.admin.saved': 'Đã lưu yêu cầu định danh của thủ tục {code}. Áp dụng cho các lần nộp từ bây giờ.',
    'identity.admin.invalid': 'Chọn mức định danh: mọi tài khoản công dân, hoặc định danh điện tử mức 2.',
    'identity.record.title': 'Thông tin xác thực qua định danh điện tử',
    'identity.record.lead': 'Các thông tin sau lấy từ tài khoản định danh điện tử mức {level} khi công dân khai hồ sơ:',
    'identity.record.none': 'Không có thông tin nào lấy từ định danh điện tử.',
    'identity.field.fullName': 'Họ và tên',
    'identity.field.idNumber': 'Số định danh cá nhân',
    'identity.field.birthDate': 'Ngày sinh',
    'identity.field.address': 'Nơi thường trú',
    'identity.field.phone': 'Số điện thoại',
  },
  en: {
    'identity.verified': 'Verified',
    'identity.verifiedLead':
      'These come verified from your level {level} national identity account; there is no need to type them, and they cannot be changed here:',
    'identity.verifiedHint':
      'Verified through the national identity account (VNeID). If something is wrong, update it at VNeID.',
    'identity.level2.required': 'This procedure needs a level 2 national identity account',
    'identity.level2.why':
      'Online dossiers of this procedure are accepted only when you sign in with a level 2 national identity account (VNeID), because the deciding agency must be sure the applicant is you.',
    'identity.level2.current.0': 'You are signed in with a portal account, not through the national identity.',
    'identity.level2.current.1': 'You are signed in with a level 1 national identity account.',
    'identity.level2.how':
      'You can still save a draft. To submit it, sign in again with a level 2 national identity account; if your VNeID account is still level 1, have it raised to level 2 (at the police of your place of residence) and sign in again. After signing in you come back to this page.',
    'identity.level2.stepUp': 'Sign in again with a level 2 national identity',
    'identity.level2.ok': 'You are signed in with a level 2 national identity account: you can submit this procedure.',
    'identity.level2.notSubmitted':
      'The dossier was not submitted: this procedure needs a level 2 national identity sign-in.',
    'identity.catalogue.label': 'Online application',
    'identity.catalogue.level1': 'Any citizen account',
    'identity.catalogue.level2': 'Needs a level 2 national identity account',
    'identity.admin.column': 'Identity needed to apply online',
    'identity.admin.change': 'Save',
    'identity.admin.level1': 'Any account',
    'identity.admin.level2': 'VNeID level 2',
    'identity.admin.legend': 'Identity needed to apply online for procedure {code}',
    'identity.admin.saved':
      'The identity requirement of procedure {code} is saved. It applies to submissions from now on.',
    'identity.admin.invalid': 'Choose the identity level: any citizen account, or a level 2 national identity.',
    'identity.record.title': 'Verified through the national identity',
    'identity.record.lead':
      'These came from a level {level} national identity account when the citizen filled in the dossier:',
    'identity.record.none': 'Nothing came from the national identity.',
    'identity.field.fullName': 'Full name',
    'identity.field.idNumber': 'Personal identification number',
    'identity.field.birthDate': 'Date of birth',
    'identity.field.address': 'Permanent address',
    'identity.field.phone': 'Phone',
  },
} as const;
