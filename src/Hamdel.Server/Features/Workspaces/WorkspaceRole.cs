namespace Hamdel.Server.Features.Workspaces;

/// <summary>What a member may do in one workspace.</summary>
public enum WorkspaceRole
{
    /// <summary>Everything, including members, roles, channels and settings.</summary>
    Admin,
    /// <summary>Sets SLAs, routing and surveys, follows up, reads every report.</summary>
    Supervisor,
    /// <summary>Works the inbox.</summary>
    Agent,
    /// <summary>Reads reports and dashboards; changes nothing.</summary>
    Analyst,
}
