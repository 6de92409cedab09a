using Microsoft.AspNetCore.DataProtection;

namespace Hamdel.Server.Infrastructure.Api;

/// <summary>
/// A message carried across a redirect in the query string (e.g. "wrong password" after a form
/// post), encrypted and time-limited so nobody can make the page show text of their choosing.
/// </summary>
internal sealed class FlashMessages(IDataProtectionProvider provider, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("Hamdel.Flash").ToTimeLimitedDataProtector();

    public string Protect(string message) => _protector.Protect(message, time.GetUtcNow().AddMinutes(10));

    public string? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(value, out _);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
