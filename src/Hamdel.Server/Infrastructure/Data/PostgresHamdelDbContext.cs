using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Infrastructure.Data;

internal sealed class PostgresHamdelDbContext(DbContextOptions<PostgresHamdelDbContext> options) : HamdelDbContext(options);
