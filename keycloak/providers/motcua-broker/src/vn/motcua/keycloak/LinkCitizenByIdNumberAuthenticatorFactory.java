package vn.motcua.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

public class LinkCitizenByIdNumberAuthenticatorFactory implements AuthenticatorFactory {
  public static final String ID = "motcua-idp-link-by-cccd";
  private static final LinkCitizenByIdNumberAuthenticator SINGLETON = new LinkCitizenByIdNumberAuthenticator();

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayType() {
    return "Link existing citizen by personal ID number";
  }

  @Override
  public String getHelpText() {
    return "First broker login: links the brokered identity to the one account whose ID-number attribute equals the "
        + "imported one; attempted when there is none; refuses staff accounts, duplicates and accounts already linked.";
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
        new ProviderConfigProperty(LinkCitizenByIdNumberAuthenticator.ATTRIBUTE, "ID-number attribute",
            "User attribute holding the personal ID number (imported by an identity provider mapper).",
            ProviderConfigProperty.STRING_TYPE, LinkCitizenByIdNumberAuthenticator.DEFAULT_ATTRIBUTE),
        new ProviderConfigProperty(StaffAccounts.STAFF_ROLES, "Staff roles",
            "Comma-separated realm roles of staff; an account holding one is never linked.",
            ProviderConfigProperty.STRING_TYPE, StaffAccounts.DEFAULT_STAFF_ROLES),
        new ProviderConfigProperty(StaffAccounts.STAFF_GROUP, "Staff group",
            "Group path of staff; members and members of its sub-groups are never linked.",
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
