"""SDM Workbench: services, SLAs, projects, budgets and risks in one offline desktop tool."""

__version__ = "0.1.0"
