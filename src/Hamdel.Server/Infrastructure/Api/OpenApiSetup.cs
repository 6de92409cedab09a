using Hamdel.Server.Infrastructure.Auth;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Hamdel.Server.Infrastructure.Api;

internal static class OpenApiSetup
{
    public static IServiceCollection AddHamdelOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Hamdel API",
                    Version = "v1",
                    Description = "Customer conversations, feedback and CX metrics. Authenticate with `Authorization: Bearer <token>` "
                        + "(from POST /api/v1/auth/token or a personal access token). Errors are RFC 9457 problem details.",
                    License = new OpenApiLicense { Name = "AGPL-3.0-or-later", Identifier = "AGPL-3.0-or-later" },
                    Contact = new OpenApiContact { Name = "Hamdel", Url = new Uri("https://github.com/hamdel/hamdel") },
                };
                document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A session token from POST /api/v1/auth/token or a personal access token (hmd_...).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenAuthenticationHandler.SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                // Anonymous routes say so, so a client does not send a token it may not have.
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
                {
                    operation.Security = [];
                }
                operation.Description ??= operation.Summary;
                return Task.CompletedTask;
            });
        });

    public static void MapHamdelOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o
                .WithTitle("Hamdel API reference")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
    }
}
