using Hamdel.Server.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Teams;

/// <summary>A group of members that conversations are routed to (e.g. "Billing", "پشتیبانی فنی").</summary>
internal sealed class Team
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    /// <summary>Owner of follow-ups for the team's unhappy customers, and first escalation point.</summary>
    public Guid? LeadUserId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public List<TeamMember> Members { get; init; } = [];
}

internal sealed class TeamMember
{
    public Guid TeamId { get; init; }
    public Guid UserId { get; init; }
    public User? User { get; init; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Limits.NameLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.Name }).IsUnique();
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.HasIndex(m => m.UserId);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
    }
}
