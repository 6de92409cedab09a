using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Workspaces;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(Limits.NameLength);
        builder.Property(w => w.TimeZone).HasMaxLength(64);
        builder.Property(w => w.DefaultLanguage).HasMaxLength(8);
        builder.Property(w => w.DefaultPhoneRegion).HasMaxLength(2);
    }
}

internal sealed class WorkspaceMemberConfiguration : IEntityTypeConfiguration<WorkspaceMember>
{
    public void Configure(EntityTypeBuilder<WorkspaceMember> builder)
    {
        builder.HasIndex(m => new { m.WorkspaceId, m.UserId }).IsUnique();
        builder.HasIndex(m => m.UserId);
        builder.HasOne(m => m.Workspace).WithMany(w => w.Members).HasForeignKey(m => m.WorkspaceId);
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId);
        builder.Ignore(m => m.IsActive);
    }
}
