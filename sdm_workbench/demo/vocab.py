"""Words the demo portfolio is made of: names, services, projects, tickets and risks."""

from __future__ import annotations

FIRST_NAMES = (
    "Anna", "Lukas", "Sofia", "Jonas", "Mia", "Felix", "Emma", "Paul", "Lea", "Max",
    "Hannah", "Leon", "Clara", "Elias", "Marie", "Noah", "Lena", "Ben", "Laura", "Tim",
    "Olivia", "James", "Ava", "Michael", "Emily", "David", "Grace", "Daniel", "Chloe", "Ryan",
    "Priya", "Arjun", "Mei", "Hiroshi", "Fatima", "Omar", "Ana", "Carlos", "Ines", "Mateo",
    "Ingrid", "Lars", "Astrid", "Piotr", "Zofia", "Tomasz", "Giulia", "Marco", "Elena", "Luca",
    "Sarah", "Thomas", "Julia", "Stefan", "Katrin", "Markus", "Nadia", "Yusuf", "Aylin", "Kemal",
)  # fmt: skip

LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann",
    "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Braun", "Zimmermann", "Krüger",
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Patel", "Sharma", "Chen", "Wang", "Tanaka",
    "Nakamura", "Kowalski", "Nowak", "Rossi", "Bianchi", "García", "Fernández", "López", "Silva",
    "Santos", "Hansen", "Johansson", "Nielsen", "Andersen", "Dubois", "Laurent", "Novák", "Horvat",
    "Yilmaz", "Demir", "O'Brien", "Murphy", "Kelly",
)  # fmt: skip

STAFF_TITLES = (
    "Service Delivery Manager",
    "Project Manager",
    "Service Owner",
    "Senior Engineer",
    "Systems Engineer",
    "Service Desk Analyst",
    "Business Analyst",
    "Solution Architect",
    "Test Lead",
    "Change Manager",
)
EXECUTIVE_TITLES = ("Head of IT Operations", "CIO", "Head of PMO", "Director Business Services")
CONTACT_TITLES = (
    "IT Coordinator",
    "Head of Operations",
    "Procurement Manager",
    "Finance Director",
    "Office Manager",
    "Chief Operating Officer",
)

COMPANY = "Northbridge Group"
COMPANY_DOMAIN = "northbridge.example"

CUSTOMERS = (
    ("Hanseatic Freight", "Logistics"), ("Rheinland Stadtwerke", "Utilities"),
    ("Bluewater Insurance", "Insurance"), ("Alpine Health Clinics", "Healthcare"),
    ("Meridian Retail", "Retail"), ("Kestrel Aerospace", "Manufacturing"),
    ("Oakridge University", "Education"), ("Harbourview Bank", "Banking"),
    ("Silverline Telecom", "Telecommunications"), ("Greenfield Foods", "Food & Beverage"),
    ("Brightwater Pharma", "Pharmaceuticals"), ("Cobalt Mining", "Mining"),
    ("Lakeside City Council", "Public Sector"), ("Nordic Wind Energy", "Energy"),
    ("Vantage Media", "Media"), ("Summit Legal", "Professional Services"),
    ("Crescent Hotels", "Hospitality"), ("Ironbridge Construction", "Construction"),
    ("Pinecrest Logistics", "Logistics"), ("Redwood Automotive", "Automotive"),
    ("Starling Airlines", "Aviation"), ("Westgate Properties", "Real Estate"),
    ("Tidewater Shipping", "Logistics"), ("Quarry Lane Chemicals", "Chemicals"),
    ("Falcon Security", "Security"), ("Evergreen Care Homes", "Healthcare"),
    ("Atlas Engineering", "Engineering"), ("Copperfield Textiles", "Manufacturing"),
    ("Horizon Travel", "Travel"), ("Juniper Software", "Technology"),
)  # fmt: skip
CUSTOMER_SUFFIXES = ("", " Europe", " North America", " Holdings", " Services")

TEAMS = (
    "Service Desk", "End User Computing", "Network Operations", "Cloud Platform",
    "Database Administration", "ERP Application Support", "Identity & Access",
    "Security Operations", "Data & Analytics", "Integration Services", "Messaging & Collaboration",
    "Infrastructure Operations", "HR Systems", "Finance Systems", "Project Management Office",
)  # fmt: skip
TEAM_REGIONS = ("", " EMEA", " Americas", " APAC")

# (name, domain, delivery model, criticality); the domain picks ticket words.
SERVICES = (
    ("Email & Collaboration", "email", "support", "high"),
    ("Service Desk", "desk", "customer service", "critical"),
    ("Payroll Processing", "payroll", "product delivery", "critical"),
    ("Network & Connectivity", "network", "support", "critical"),
    ("Identity & Access Management", "identity", "support", "high"),
    ("ERP Finance", "erp", "support", "critical"),
    ("Workplace Devices", "devices", "product delivery", "medium"),
    ("Cloud Hosting", "hosting", "automated", "high"),
    ("Data Backup & Recovery", "hosting", "automated", "high"),
    ("CRM Platform", "app", "support", "medium"),
    ("HR Self-Service Portal", "app", "automated", "medium"),
    ("Video Conferencing", "email", "remote support", "medium"),
    ("Printing & Scanning", "devices", "direct interaction", "low"),
    ("Mobile Device Management", "devices", "remote support", "medium"),
    ("Business Intelligence", "app", "support", "medium"),
    ("E-Commerce Platform", "app", "product delivery", "critical"),
    ("Document Management", "app", "support", "medium"),
    ("Telephony & Contact Centre", "network", "customer service", "high"),
    ("Procurement Portal", "erp", "automated", "low"),
    ("Security Monitoring", "identity", "support", "critical"),
    ("Database Services", "hosting", "support", "high"),
    ("Software Distribution", "devices", "automated", "low"),
    ("Onboarding & Offboarding", "desk", "customer service", "medium"),
    ("Facilities Booking", "app", "automated", "low"),
    ("Customer Billing", "payroll", "product delivery", "critical"),
    ("Expense Management", "payroll", "automated", "medium"),
    ("Warehouse Management", "erp", "support", "high"),
    ("Remote Access VPN", "network", "remote support", "high"),
    ("Intranet & Content", "app", "automated", "low"),
    ("API Gateway", "hosting", "automated", "high"),
    ("Field Service Support", "desk", "direct interaction", "medium"),
    ("Learning Management", "app", "automated", "low"),
    ("Travel Booking", "app", "customer service", "low"),
    ("Data Warehouse", "hosting", "support", "medium"),
    ("Endpoint Protection", "identity", "automated", "high"),
    ("Managed Print Fleet", "devices", "product delivery", "low"),
    ("Web Hosting", "hosting", "automated", "medium"),
    ("Collaboration Spaces", "email", "automated", "low"),
    ("Order Management", "erp", "product delivery", "critical"),
    ("IT Asset Management", "devices", "support", "low"),
)
SERVICE_REGIONS = ("", " (EMEA)", " (Americas)", " (APAC)", " (Retail Division)")

# (category, title) by service domain.
TICKET_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "email": (
        ("Mailbox", "Cannot send email to external recipients"),
        ("Mailbox", "Mailbox full, cannot receive messages"),
        ("Calendar", "Meeting invitations not arriving"),
        ("Access", "Shared mailbox access request"),
        ("Client", "Outlook keeps asking for password"),
        ("Meetings", "Poor audio quality in video calls"),
        ("Distribution lists", "New distribution list for project team"),
    ),
    "desk": (
        ("Account", "Password reset"),
        ("Account", "Account locked after failed logins"),
        ("Request", "New starter equipment and accounts"),
        ("Request", "Leaver: remove access and collect laptop"),
        ("How-to", "How do I connect to the meeting room screen?"),
        ("Software", "Install approved software"),
    ),
    "payroll": (
        ("Payslip", "Payslip shows wrong tax class"),
        ("Run", "Monthly run report missing cost centre"),
        ("Interface", "Time sheet import failed"),
        ("Access", "Access to payroll reports for new manager"),
        ("Correction", "Bonus payment not included"),
        ("Invoice", "Invoice run stuck in approval"),
    ),
    "network": (
        ("Wi-Fi", "Wi-Fi drops on second floor"),
        ("WAN", "Branch office link slow"),
        ("Firewall", "Firewall rule request for supplier connection"),
        ("DNS", "Internal site does not resolve"),
        ("Telephony", "Desk phone has no dial tone"),
        ("VPN", "VPN disconnects every few minutes"),
    ),
    "identity": (
        ("Access", "Role change: update group memberships"),
        ("MFA", "New phone, MFA enrolment needed"),
        ("Alert", "Suspicious sign-in alert investigated"),
        ("Certificate", "Certificate expiring on web server"),
        ("Malware", "Endpoint quarantine of suspicious file"),
    ),
    "erp": (
        ("Posting", "Goods receipt cannot be posted"),
        ("Reports", "Month-end report runs too long"),
        ("Master data", "Create new vendor"),
        ("Authorisation", "Missing authorisation for transaction"),
        ("Interface", "EDI orders not imported"),
        ("Performance", "Slow response in order entry"),
    ),
    "devices": (
        ("Laptop", "Laptop does not boot"),
        ("Laptop", "Replace broken screen"),
        ("Printer", "Printer shows offline"),
        ("Mobile", "New mobile phone request"),
        ("Peripherals", "Docking station not detecting monitors"),
        ("Software", "Software update failed"),
    ),
    "hosting": (
        ("Capacity", "Disk space alert on application server"),
        ("Backup", "Nightly backup job failed"),
        ("Restore", "Restore deleted folder from backup"),
        ("Provisioning", "New virtual machine for test environment"),
        ("Monitoring", "CPU alert on database cluster"),
        ("Certificates", "Renew TLS certificate"),
    ),
    "app": (
        ("Access", "Access request for new team member"),
        ("Defect", "Error message when saving record"),
        ("Performance", "Dashboard takes minutes to load"),
        ("Data", "Duplicate customer records"),
        ("How-to", "How to export report to Excel"),
        ("Change", "Add field to entry form"),
    ),
}

PAUSE_REASONS = (
    "Waiting for customer reply",
    "Waiting for user availability",
    "Awaiting approval from line manager",
    "Waiting on third-party supplier",
)

OUTAGE_WORDS = (
    "Storage controller failover",
    "Expired certificate on load balancer",
    "Database deadlock after release",
    "Upstream provider outage",
    "Power issue in data centre hall B",
    "Misconfigured firewall rule",
    "Memory leak in application server",
    "DNS resolution failures",
)
MAINTENANCE_WORDS = (
    "Planned maintenance: operating system patching",
    "Planned maintenance: database upgrade",
    "Planned maintenance: network hardware replacement",
    "Planned maintenance: storage firmware update",
)
CHANGE_WORDS = (
    "Release {v} of {s}",
    "Security patch for {s}",
    "Configuration change: {s} integration endpoint",
    "Database schema update for {s}",
    "Scale-out of {s} application tier",
    "Hotfix {v} for {s}",
)

SURVEY_COMMENTS = (
    "Quick and friendly help, thank you.",
    "Took too long to get a first answer.",
    "Problem solved at the first call.",
    "Had to explain the issue three times.",
    "Very professional engineer on site.",
    "The portal is hard to find.",
    "Great communication during the outage.",
    "Ticket was closed before the problem was fixed.",
)

PROJECTS = (
    "ERP S/4 Migration", "Windows 11 Rollout", "Data Centre Exit", "Zero Trust Network",
    "CRM Replacement", "Service Desk Tool Consolidation", "Payroll Cloud Transition",
    "Wi-Fi Refresh", "Identity Governance", "E-Invoicing Compliance", "Warehouse Automation",
    "Customer Portal Relaunch", "Backup Modernisation", "Contact Centre Upgrade",
    "Office 365 Tenant Merger", "Disaster Recovery Site", "Data Platform Build",
    "Mobile Workforce App", "Print Fleet Renewal", "API Management Rollout",
    "Security Operations Centre", "HR Suite Upgrade", "Intranet Redesign", "SD-WAN Deployment",
    "Finance Close Automation", "Asset Management Tool", "Kubernetes Platform",
    "Legacy Mainframe Retirement", "Branch Office Integration", "Self-Service Kiosks",
)  # fmt: skip
PROJECT_SUFFIXES = (
    "", " \u2013 Wave 2", " \u2013 Phase 2", " (Americas)", " (APAC)", " \u2013 Wave 3",
    " \u2013 Pilot", " (EMEA)", " \u2013 Retail Division", " \u2013 Phase 3",
    " \u2013 Wave 4", " \u2013 Manufacturing",
)  # fmt: skip

WATERFALL_PHASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Initiation",
        "Project charter approved",
        ("Draft project charter", "Identify stakeholders", "Business case review",
         "Appoint project board", "Kick-off workshop"),
    ),
    (
        "Planning",
        "Plan baselined",
        ("Work breakdown structure", "Resource plan", "Risk workshop", "Budget estimate",
         "Communication plan", "Procurement strategy", "Quality plan"),
    ),
    (
        "Design",
        "Design signed off",
        ("Current state analysis", "Requirements workshops", "Solution architecture",
         "Interface specification", "Data migration design", "Security design review",
         "Operational acceptance criteria", "Design authority review"),
    ),
    (
        "Build",
        "Build complete",
        ("Configure core platform", "Develop interfaces", "Build reports",
         "Data migration scripts", "Integrate identity provider", "Set up monitoring",
         "Write runbooks", "Performance tuning", "Configure backups", "Build test environment",
         "Develop automation", "Code review and fixes"),
    ),
    (
        "Test",
        "UAT signed off",
        ("System integration test", "Performance test", "Security penetration test",
         "User acceptance test", "Defect fixing", "Regression test", "Dress rehearsal"),
    ),
    (
        "Deployment",
        "Go-live",
        ("Cutover planning", "Train service desk", "End-user training", "Data migration run",
         "Go/no-go meeting", "Production cutover", "Hypercare support"),
    ),
    (
        "Closure",
        "Project closed",
        ("Handover to operations", "Lessons learned", "Close contracts",
         "Final budget report", "Archive project records"),
    ),
)  # fmt: skip

AGILE_PHASES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Discovery",
        "Discovery complete",
        ("User research interviews", "Define product vision", "Story mapping",
         "Technical spike", "Backlog refinement"),
    ),
    *(
        (
            f"Sprint {n}",
            f"Sprint {n} review",
            ("Sprint planning", "Implement user stories", "Automated tests", "UX refinements",
             "Fix defects", "Update documentation", "Demo preparation", "Retrospective"),
        )
        for n in range(1, 5)
    ),
    (
        "Release",
        "Release to production",
        ("Release readiness review", "Operational handover", "Deploy to production",
         "Hypercare", "Measure adoption"),
    ),
)  # fmt: skip

# (title pattern, cause, effect, category); {x} is the project or service name.
RISKS = (
    ("Key supplier may miss delivery dates for {x}", "Supplier capacity is stretched",
     "Milestones slip by several weeks", "Supplier"),
    ("Data migration quality for {x} may be insufficient", "Legacy data has many duplicates",
     "Go-live delayed or rework after cutover", "Technical"),
    ("Subject matter experts unavailable during UAT of {x}", "Year-end workload in business",
     "Test phase extended", "Resource"),
    ("Licence costs for {x} may rise at renewal", "Vendor changes pricing model",
     "Budget overrun on licences", "Commercial"),
    ("Security findings may block go-live of {x}", "Penetration test scheduled late",
     "Go-live postponed until fixes are done", "Security"),
    ("Regulatory change may alter requirements for {x}", "New reporting rules announced",
     "Scope change and additional cost", "Compliance"),
    ("Single point of failure in {x} infrastructure", "No redundant component in design",
     "Extended outage and SLA breach", "Operational"),
    ("Key engineer for {x} may leave", "Tight labour market",
     "Knowledge loss and slower delivery", "Resource"),
    ("Integration with partner systems for {x} may be late", "Partner has other priorities",
     "End-to-end testing delayed", "Schedule"),
    ("Capacity of {x} may not cover peak load", "Growth higher than forecast",
     "Slow response and incidents at month end", "Technical"),
    ("Currency movements may raise hardware cost for {x}", "Hardware priced in USD",
     "Hardware budget exceeded", "Commercial"),
    ("Users may resist the new process of {x}", "Change not explained early",
     "Low adoption and extra support tickets", "Organisational"),
)  # fmt: skip
OPPORTUNITIES = (
    ("Reuse of existing licences could lower cost of {x}", "Licences freed by retired systems",
     "Lower licence spend", "Opportunity"),
    ("Automation could shorten testing of {x}", "Test tooling already in place",
     "Earlier go-live", "Opportunity"),
)  # fmt: skip
ASSUMPTIONS = (
    "Business stakeholders are available two days per week for {x}",
    "Current hardware for {x} stays under support until year end",
    "No further scope changes are requested for {x} after design sign-off",
    "The vendor provides a sandbox for {x} within four weeks",
)
ISSUES = (
    "Test environment for {x} is unstable",
    "Budget approval for {x} is delayed",
    "Interface specification for {x} is incomplete",
    "Recurring incidents on {x} after last release",
)
DEPENDENCIES = (
    "{x} needs the network upgrade to finish first",
    "{x} depends on the vendor's next product release",
    "{x} needs identity federation from the security team",
)
DECISIONS = (
    "Proceed with phased rollout of {x}",
    "Accept the residual risk on {x} until the next release",
    "Move go-live of {x} by two weeks to protect quality",
    "Fund additional test resource for {x} from contingency",
    "Extend hypercare of {x} by one month",
    "Escalate supplier performance for {x} to vendor management",
)
ACTIONS = (
    "Send updated plan for {x} to stakeholders",
    "Review SLA breaches of {x} with the resolver team",
    "Prepare cost forecast for {x}",
    "Schedule risk workshop for {x}",
    "Confirm test resources for {x}",
    "Analyse top ticket categories of {x}",
    "Agree maintenance window for {x} with customer",
    "Update runbook for {x} after the last outage",
)
REVIEW_NOTES = (
    "Service performance stable; two breaches discussed.",
    "Budget forecast discussed; contingency draw agreed.",
    "Customer raised concerns about response times.",
    "Good progress on milestones; one risk escalated.",
)
