using System.Security.Claims;
using Hamdel.Server.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure.Auth;

/// <summary>Adds the person's display preferences to the sign-in cookie.</summary>
internal sealed class HamdelUserClaimsPrincipalFactory(UserManager<User> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var claim in HamdelClaims.For(user.Id, user.Email ?? "", user.DisplayName, user.Language, user.Calendar, user.TimeZone, user.IsInstanceAdmin))
        {
            if (claim.Type is not (ClaimTypes.NameIdentifier or ClaimTypes.Name or ClaimTypes.Email))
            {
                identity.AddClaim(claim);
            }
        }
        return identity;
    }
}
