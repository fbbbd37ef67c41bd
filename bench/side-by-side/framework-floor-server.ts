/**
 * The framework's own floor for reads: NestJS with its Express adapter, as the service runs,
 * and one controller answering GET /api/students/{id} with the bare server's query and pool,
 * returning the row as JSON. No middleware, guards, pipes, interceptors, logging or
 * authentication. What it answers per second bounds what any NestJS + Express service can
 * answer on this path and machine; the gap between it and the service is the service's own
 * chain (see measureFrameworkFloor). Started by the benchmark with BARE_DATABASE_URL; it
 * reports its port over IPC.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.BARE_DATABASE_URL, max: 10 });

@Controller('api/students')
class StudentsController {
  @Get(':id')
  async one(@Param('id') id: string): Promise<Record<string, unknown>> {
    const { rows } = await pool.query<Record<string, unknown>>(
      'SELECT * FROM student_profiles s WHERE s.student_id = $1',
      [id],
    );
    if (rows.length === 0) throw new NotFoundException();
    return rows[0];
  }
}

@Module({ controllers: [StudentsController] })
class FloorModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(FloorModule, { logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  process.send?.({ port: (server.address() as AddressInfo).port });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

void main();
