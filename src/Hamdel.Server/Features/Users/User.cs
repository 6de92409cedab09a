using Hamdel.Server.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;

namespace Hamdel.Server.Features.Users;

/// <summary>A person who signs in to Hamdel (agents, supervisors, admins, analysts).</summary>
internal sealed class User : IdentityUser<Guid>
{
    public User()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public string DisplayName { get; set; } = "";
    /// <summary>UI language: en, fa or ar.</summary>
    public string Language { get; set; } = "en";
    public CalendarKind Calendar { get; set; } = CalendarKind.Gregorian;
    /// <summary>IANA time zone id.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>May create workspaces; sees nothing of a workspace it is not a member of.</summary>
    public bool IsInstanceAdmin { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>A deactivated user can no longer sign in; their history stays.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
}
