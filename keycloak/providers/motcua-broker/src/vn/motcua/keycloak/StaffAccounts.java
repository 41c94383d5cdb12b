package vn.motcua.keycloak;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;

/** Which accounts are staff: a staff role (directly, through a composite or a group) or membership of the staff group. */
final class StaffAccounts {
  static final String STAFF_ROLES = "staffRoles";
  static final String STAFF_GROUP = "staffGroup";
  static final String DEFAULT_STAFF_ROLES = "clerk,specialist,leader,agency_officer,admin";
  static final String DEFAULT_STAFF_GROUP = "/agencies";

  private StaffAccounts() {}

  static String config(AuthenticatorConfigModel model, String key, String fallback) {
    if (model == null) return fallback;
    Map<String, String> config = model.getConfig();
    String value = config == null ? null : config.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  static boolean isStaff(RealmModel realm, UserModel user, AuthenticatorConfigModel model) {
    List<String> roles = Arrays.stream(config(model, STAFF_ROLES, DEFAULT_STAFF_ROLES).split("[,\\s]+"))
        .filter(s -> !s.isEmpty())
        .toList();
    for (String name : roles) {
      RoleModel role = realm.getRole(name);
      if (role != null && user.hasRole(role)) return true;
    }
    String group = config(model, STAFF_GROUP, DEFAULT_STAFF_GROUP);
    return user.getGroupsStream().anyMatch(g -> inGroup(g, group));
  }

  private static boolean inGroup(GroupModel g, String path) {
    String own = ModelToRepresentation.buildGroupPath(g);
    return own.equals(path) || own.startsWith(path + "/");
  }
}
