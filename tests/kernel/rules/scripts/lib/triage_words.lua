-- Shared by the triage fixtures through require("triage_words").
return {
  priorities = {
    ["server down"] = "critical",
    outage = "critical",
    vpn = "high",
    password = "normal",
  },
  spam = { "lottery winner", "cheap meds", "crypto giveaway" },
}
