import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password-policy';
import { isRegionCode } from './regions';
import { ROLES } from './roles';

export const regionCodeSchema = z.string().refine(isRegionCode, { message: 'expected a six-digit region code' });

export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[\p{L}\p{N}._-]+$/u, { message: 'letters, digits, dot, underscore or hyphen only' });
export const displayNameSchema = z.string().trim().min(1).max(40);
export const passwordSchema = z.string().min(1).max(PASSWORD_MAX_LENGTH);
export const rolesSchema = z.array(z.enum(ROLES)).min(1).max(ROLES.length).refine((r) => new Set(r).size === r.length, { message: 'roles repeat' });
export const userIdSchema = z.number().int().positive();
