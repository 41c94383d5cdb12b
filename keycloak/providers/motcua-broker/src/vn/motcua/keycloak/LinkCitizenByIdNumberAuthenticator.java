package vn.motcua.keycloak;

import jakarta.ws.rs.core.Response;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * First broker login: finds the local account whose personal identification number (CCCD, user attribute) equals
 * the one the national identity provider asserted, and links the brokered identity to it. Never looks at e-mail.
 *
 * <ul>
 *   <li>no such account: attempted (the next alternative, "Create User If Unique", creates the citizen);
 *   <li>one citizen account, not yet linked to this provider: that account is the user (linked after the flow);
 *   <li>a staff account, several accounts, a disabled one or one already linked to another identity: refused.
 * </ul>
 */
public class LinkCitizenByIdNumberAuthenticator extends AbstractIdpAuthenticator {
  static final String ATTRIBUTE = "attribute";
  static final String DEFAULT_ATTRIBUTE = "cccd";

  @Override
  protected void authenticateImpl(
      AuthenticationFlowContext context,
      SerializedBrokeredIdentityContext serializedCtx,
      BrokeredIdentityContext brokerContext) {
    KeycloakSession session = context.getSession();
    RealmModel realm = context.getRealm();
    String attribute = StaffAccounts.config(context.getAuthenticatorConfig(), ATTRIBUTE, DEFAULT_ATTRIBUTE);
    String idNumber = brokerContext.getUserAttribute(attribute);
    if (idNumber == null || !idNumber.matches("\\d{12}")) {
      sendFailureChallenge(context, Response.Status.BAD_REQUEST, Errors.INVALID_USER,
          "motcuaIdpNoIdNumber", AuthenticationFlowError.INVALID_USER);
      return;
    }
    List<UserModel> matches =
        session.users().searchForUserByUserAttributeStream(realm, attribute, idNumber).limit(2).toList();
    if (matches.isEmpty()) {
      context.attempted();
      return;
    }
    if (matches.size() > 1) {
      sendFailureChallenge(context, Response.Status.CONFLICT, Errors.FEDERATED_IDENTITY_EXISTS,
          "motcuaIdpIdNumberConflict", AuthenticationFlowError.USER_CONFLICT);
      return;
    }
    UserModel user = matches.get(0);
    if (!user.isEnabled()) {
      sendFailureChallenge(context, Response.Status.FORBIDDEN, Errors.USER_DISABLED,
          "motcuaIdpAccountDisabled", AuthenticationFlowError.USER_DISABLED);
      return;
    }
    if (StaffAccounts.isStaff(realm, user, context.getAuthenticatorConfig())) {
      sendFailureChallenge(context, Response.Status.FORBIDDEN, Errors.NOT_ALLOWED,
          "motcuaIdpStaffNotAllowed", AuthenticationFlowError.ACCESS_DENIED);
      return;
    }
    String alias = brokerContext.getIdpConfig().getAlias();
    if (session.users().getFederatedIdentity(realm, user, alias) != null) {
      sendFailureChallenge(context, Response.Status.CONFLICT, Errors.FEDERATED_IDENTITY_EXISTS,
          "motcuaIdpIdNumberConflict", AuthenticationFlowError.USER_CONFLICT);
      return;
    }
    context.setUser(user);
    context.success();
  }

  @Override
  protected void actionImpl(
      AuthenticationFlowContext context,
      SerializedBrokeredIdentityContext serializedCtx,
      BrokeredIdentityContext brokerContext) {
    authenticateImpl(context, serializedCtx, brokerContext);
  }

  @Override
  public boolean requiresUser() {
    return false;
  }

  @Override
  public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
    return true;
  }
}
