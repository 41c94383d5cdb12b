package vn.motcua.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class DenyStaffAuthenticatorFactory implements AuthenticatorFactory {
  public static final String ID = "motcua-idp-deny-staff";
  private static final DenyStaffAuthenticator SINGLETON = new DenyStaffAuthenticator();

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayType() {
    return "Deny staff accounts";
  }

  @Override
  public String getHelpText() {
    return "Post broker login: refuses an account that holds a staff role or belongs to the staff group.";
  }

  @Override
  public String getReferenceCategory() {
    return null;
  }

  @Override
  public boolean isConfigurable() {
    return true;
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return REQUIREMENT_CHOICES;
  }

  @Override
  public boolean isUserSetupAllowed() {
    return false;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of(
        new ProviderConfigProperty(StaffAccounts.STAFF_ROLES, "Staff roles",
            "Comma-separated realm roles of staff; an account holding one is refused.",
            ProviderConfigProperty.STRING_TYPE, StaffAccounts.DEFAULT_STAFF_ROLES),
        new ProviderConfigProperty(StaffAccounts.STAFF_GROUP, "Staff group",
            "Group path of staff; members and members of its sub-groups are refused.",
            ProviderConfigProperty.STRING_TYPE, StaffAccounts.DEFAULT_STAFF_GROUP));
  }

  @Override
  public Authenticator create(KeycloakSession session) {
    return SINGLETON;
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}
}
