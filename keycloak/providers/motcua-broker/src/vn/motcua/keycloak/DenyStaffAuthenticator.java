package vn.motcua.keycloak;

import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Post broker login of the citizens' identity provider: an account that holds a staff role or belongs to the staff
 * group is refused, so staff never sign in through it and a brokered citizen given a staff role cannot use it.
 */
public class DenyStaffAuthenticator implements Authenticator {
  @Override
  public void authenticate(AuthenticationFlowContext context) {
    UserModel user = context.getUser();
    if (user == null || StaffAccounts.isStaff(context.getRealm(), user, context.getAuthenticatorConfig())) {
      context.getEvent().user(user).error(Errors.NOT_ALLOWED);
      Response page = context.form().setError("motcuaIdpStaffNotAllowed").createErrorPage(Response.Status.FORBIDDEN);
      context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED, page);
      return;
    }
    context.success();
  }

  @Override
  public void action(AuthenticationFlowContext context) {
    authenticate(context);
  }

  @Override
  public boolean requiresUser() {
    return true;
  }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }

  @Override
  public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

  @Override
  public void close() {}
}
