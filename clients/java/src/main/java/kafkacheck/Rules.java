package kafkacheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The tutorial's 15 team rules, and the check that a value is a user: what the
 * classroom simulator accepts (serde_json into a struct of 15 typed fields,
 * credit an i32). See TUTORIAL.md's table.
 */
final class Rules {
  private Rules() {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final List<String> STRING_FIELDS =
      List.of("email", "credit_card_number", "company_name", "company_slogan", "industry",
          "user_name", "avatar", "name", "profession", "field", "time_zone", "user_agent", "pack");

  record Rule(Predicate<JsonNode> matches, String type, String reason) {}

  private static String lower(JsonNode u, String field) {
    return u.get(field).textValue().toLowerCase(Locale.ROOT);
  }

  private static String text(JsonNode u, String field) {
    return u.get(field).textValue();
  }

  private static boolean containsAny(String s, String... words) {
    for (String w : words) {
      if (s.contains(w)) {
        return true;
      }
    }
    return false;
  }

  private static final Map<String, Rule> RULES = Map.ofEntries(
      Map.entry("team-1", new Rule(u -> lower(u, "email").contains("hotmail"),
          "CONTACT_CUSTOMER", "LEGACY_EMAIL_PROVIDER")),
      Map.entry("team-2", new Rule(u -> text(u, "credit_card_number").startsWith("37"),
          "CREDIT_CARD_VERIFICATION", "AMEX_CARD")),
      Map.entry("team-3", new Rule(u -> containsAny(lower(u, "industry"),
          "bank", "financ", "insur", "invest", "account", "capital"), "SALES_LEAD", "FINANCIAL_SECTOR")),
      Map.entry("team-4", new Rule(u -> containsAny(lower(u, "industry"),
          "computer", "internet", "semiconductor", "telecom", "wireless"), "ACQUISITION_TARGET", "TECH_COMPANY")),
      Map.entry("team-5", new Rule(u -> containsAny(lower(u, "industry"),
          "health", "hospital", "medical", "pharma", "biotech", "veterinary"),
          "CONTACT_CUSTOMER", "HEALTHCARE_COMPLIANCE")),
      Map.entry("team-6", new Rule(u -> lower(u, "profession").equals("engineer"),
          "HIRE_CUSTOMER", "IS_ENGINEER")),
      Map.entry("team-7", new Rule(u -> u.get("premium").booleanValue() && u.get("credit").intValue() > 10,
          "CONTACT_CUSTOMER", "VIP_USER")),
      Map.entry("team-8", new Rule(u -> u.get("credit").intValue() < -15,
          "CONTACT_CUSTOMER", "CRITICAL_DEBT")),
      Map.entry("team-9", new Rule(u -> text(u, "time_zone").startsWith("Asia/"),
          "CONTACT_CUSTOMER", "APAC_EXPANSION")),
      Map.entry("team-10", new Rule(u -> containsAny(text(u, "user_agent"), "MSIE", "Trident"),
          "CONTACT_CUSTOMER", "LEGACY_BROWSER")),
      Map.entry("team-11", new Rule(u -> text(u, "time_zone").startsWith("Europe/"),
          "TRIGGER_GDPR_COMPLIANCE", "IN_EUROPE")),
      Map.entry("team-12", new Rule(u -> List.of("it", "technology").contains(lower(u, "field")),
          "HIRE_CUSTOMER", "TECH_PROFESSIONAL")),
      Map.entry("team-13", new Rule(u -> text(u, "avatar").contains("example.org")
          || !text(u, "avatar").startsWith("https://"), "CONTACT_CUSTOMER", "INVALID_AVATAR")),
      Map.entry("team-14", new Rule(u -> text(u, "name").equals("John Doe"),
          "BAN_CUSTOMER", "SUSPICIOUS_NAME")),
      Map.entry("team-15", new Rule(u -> text(u, "pack").equals("free"),
          "CONTACT_CUSTOMER", "UPGRADE_FREE")));

  /** Reports whether team is one of team-1 … team-15. */
  static boolean isTeam(String team) {
    return RULES.containsKey(team);
  }

  /** Returns the user in value, or null when it is not one. */
  static JsonNode parseUser(byte[] value) {
    // Jackson would skip a UTF-8 byte-order mark; serde refuses it.
    if (value == null || (value.length >= 3 && (value[0] & 0xff) == 0xef
        && (value[1] & 0xff) == 0xbb && (value[2] & 0xff) == 0xbf)) {
      return null;
    }
    JsonNode user;
    try {
      user = JSON.readTree(value);
    } catch (IOException e) {
      return null;
    }
    if (user == null || !user.isObject()) {
      return null;
    }
    for (String f : STRING_FIELDS) {
      JsonNode v = user.get(f);
      // canEncode is false for a lone surrogate escape, which serde refuses.
      if (v == null || !v.isTextual() || !StandardCharsets.UTF_8.newEncoder().canEncode(v.textValue())) {
        return null;
      }
    }
    JsonNode premium = user.get("premium");
    JsonNode credit = user.get("credit");
    // isInt: an integer literal that fits an i32; -18.0 is a DoubleNode.
    if (premium == null || !premium.isBoolean() || credit == null || !credit.isInt()) {
      return null;
    }
    return user;
  }

  /** Returns the action team sends for value (JSON bytes), or null. */
  static byte[] actionFor(String team, byte[] value) throws IOException {
    JsonNode user = parseUser(value);
    Rule rule = RULES.get(team);
    if (user == null || !rule.matches().test(user)) {
      return null;
    }
    ObjectNode action = JSON.createObjectNode();
    action.put("customer", text(user, "email"));
    action.put("type", rule.type());
    action.put("reason", rule.reason());
    action.put("team", team);
    return JSON.writeValueAsBytes(action);
  }
}
