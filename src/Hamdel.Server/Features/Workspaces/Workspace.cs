namespace Hamdel.Server.Features.Workspaces;

/// <summary>A tenant: every piece of customer data belongs to exactly one workspace.</summary>
internal sealed class Workspace
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>IANA time zone used for business hours and metric periods.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Language for customers whose own language is unknown (en, fa or ar).</summary>
    public string DefaultLanguage { get; set; } = "en";
    public bool IsDemo { get; set; }
    /// <summary>ISO 3166 region for phone numbers written without a country code (e.g. IR); null requires the +code.</summary>
    public string? DefaultPhoneRegion { get; set; }
    /// <summary>A customer's new message within this many hours of resolution reopens the conversation instead of starting a new one.</summary>
    public int ReopenWindowHours { get; set; } = 168;
    /// <summary>The last conversation number given out.</summary>
    public long LastConversationNumber { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public List<WorkspaceMember> Members { get; init; } = [];
}
