using Hamdel.Server.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure.Api;

/// <summary>Absolute links Hamdel hands out, based on <c>Hamdel:PublicUrl</c> or else the address the caller used.</summary>
internal sealed class PublicLinks(IOptions<HamdelOptions> options)
{
    /// <summary>The base address; <paramref name="callerBase"/> is the request's (API) or the page's (UI) own.</summary>
    public string Base(string callerBase) => (options.Value.PublicUrl?.ToString() ?? callerBase).TrimEnd('/');

    public static string RequestBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    public string Invitation(string callerBase, string secret) => $"{Base(callerBase)}/account/invite/{Uri.EscapeDataString(secret)}";
}
