"""The reference data of the peer learning cycle and of ILO conventions, loaded by
`base/migrations/0004_*` and kept here so the names are marked for translation.

The stages are those of the ILO's local development for decent work approach (ILO
Regional Office for Asia and the Pacific, "Local development for decent work",
Asian Decent Work Decade Resource Kit): organizing stakeholders and promoting
dialogue, a forum or local development agency, a territorial diagnosis with value-chain
analysis, a local development strategy that "provides the road map for
implementation", the interventions, and the link from the local to the national level.
The formats are the ways of learning the ILO-UCLG exchanges used: field visits
(Maputo's markets), peer-to-peer discussions (Durban), World Café sessions (Turin),
learning reports (Maputo, No. 3) and follow-up activities.
"""

from django.utils.translation import gettext_noop

LEARNING_STAGES = [
    ("stakeholder-dialogue", gettext_noop("Stakeholder dialogue")),
    ("forum-or-agency", gettext_noop("Local forum or development agency")),
    ("territorial-diagnosis", gettext_noop("Territorial diagnosis and value-chain analysis")),
    ("strategy", gettext_noop("Local development strategy (the road map)")),
    ("interventions", gettext_noop("Interventions")),
    ("national-policy", gettext_noop("Link to national policy")),
]

LEARNING_FORMATS = [
    ("field-visit", gettext_noop("Field visit")),
    ("peer-to-peer", gettext_noop("Peer-to-peer discussion")),
    ("world-cafe", gettext_noop("World Café")),
    ("learning-report", gettext_noop("Learning report")),
    ("follow-up", gettext_noop("Follow-up activity")),
]

# The ILO conventions the network's practices serve, with their titles as NORMLEX
# gives them (number, title, year of adoption): the fundamental conventions, the
# governance (priority) conventions, and those the sources cite (C102 on social
# security, C155 on occupational safety and health, C182 on the worst forms of child
# labour, named in the ILO-UCLG memorandum of 2012).
CONVENTIONS = [
    (29, "Forced Labour Convention, 1930 (No. 29)", 1930),
    (81, "Labour Inspection Convention, 1947 (No. 81)", 1947),
    (
        87,
        "Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87)",
        1948,
    ),
    (98, "Right to Organise and Collective Bargaining Convention, 1949 (No. 98)", 1949),
    (100, "Equal Remuneration Convention, 1951 (No. 100)", 1951),
    (102, "Social Security (Minimum Standards) Convention, 1952 (No. 102)", 1952),
    (105, "Abolition of Forced Labour Convention, 1957 (No. 105)", 1957),
    (111, "Discrimination (Employment and Occupation) Convention, 1958 (No. 111)", 1958),
    (122, "Employment Policy Convention, 1964 (No. 122)", 1964),
    (129, "Labour Inspection (Agriculture) Convention, 1969 (No. 129)", 1969),
    (138, "Minimum Age Convention, 1973 (No. 138)", 1973),
    (142, "Human Resources Development Convention, 1975 (No. 142)", 1975),
    (
        144,
        "Tripartite Consultation (International Labour Standards) Convention, 1976 (No. 144)",
        1976,
    ),
    (155, "Occupational Safety and Health Convention, 1981 (No. 155)", 1981),
    (169, "Indigenous and Tribal Peoples Convention, 1989 (No. 169)", 1989),
    (177, "Home Work Convention, 1996 (No. 177)", 1996),
    (182, "Worst Forms of Child Labour Convention, 1999 (No. 182)", 1999),
    (
        187,
        "Promotional Framework for Occupational Safety and Health Convention, 2006 (No. 187)",
        2006,
    ),
    (189, "Domestic Workers Convention, 2011 (No. 189)", 2011),
    (190, "Violence and Harassment Convention, 2019 (No. 190)", 2019),
]
