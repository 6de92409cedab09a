using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Users;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(Limits.NameLength);
        builder.Property(u => u.Language).HasMaxLength(8);
        builder.Property(u => u.TimeZone).HasMaxLength(64);
    }
}
