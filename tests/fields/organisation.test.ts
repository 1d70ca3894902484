import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organisations } from '../../src/db/schema.js';
import { ORGANISATION_COLUMNS } from '../../src/exchange/columns.js';
import {
  EDITABLE_FIELDS,
  ORGANISATION_FIELDS,
  type EditableKey,
  type FieldSpec,
} from '../../src/fields/organisation.js';
import { organisationForm } from '../../src/forms/organisation.js';
import { organisationLabel } from '../../src/lib/revision-diff.js';
import { organisationDetail } from '../../src/lib/open-data/api-representations.js';
import { openApiDocument } from '../../src/lib/open-data/openapi.js';
import type { Organisation } from '../../src/db/schema.js';

const MANAGED = ['id', 'slug', 'status', 'verifiedAt', 'verifiedBy', 'version', 'createdAt', 'updatedAt'];

describe('the organisation field registry', () => {
  it('lists every editable column of the schema, and only those', () => {
    const columns = Object.keys(getTableColumns(organisations)).filter((c) => !MANAGED.includes(c));
    expect([...EDITABLE_FIELDS].sort()).toEqual(columns.sort());
  });

  it('is what the form parses, the CSV carries and the history names', () => {
    const formKeys = Object.keys(organisationForm.in.shape).filter((k) => k !== 'version');
    expect(formKeys).toEqual(EDITABLE_FIELDS);
    expect(ORGANISATION_COLUMNS.map((c) => c.field)).toEqual(EDITABLE_FIELDS);
    for (const column of ORGANISATION_COLUMNS) {
      const spec: FieldSpec = ORGANISATION_FIELDS[column.field];
      expect(column).toMatchObject({ header: spec.csv.header, label: spec.label, help: spec.csv.help });
      expect(organisationLabel(column.field)).toBe(spec.label);
    }
  });

  it('gives each field its own label and CSV header', () => {
    const specs: FieldSpec[] = Object.values(ORGANISATION_FIELDS);
    expect(new Set(specs.map((s) => s.label)).size).toBe(specs.length);
    expect(new Set(specs.map((s) => s.csv.header)).size).toBe(specs.length);
  });

  it('is what the open API publishes and its OpenAPI document describes, public fields only', () => {
    const organisation = {
      id: 1,
      slug: 'x',
      verifiedAt: null,
      createdAt: '',
      updatedAt: '',
      audiences: '',
    } as Organisation;
    const detail = organisationDetail({ organisation, contacts: [], themes: [] }, '');
    const document = openApiDocument({ serverUrl: '', siteName: '' }) as {
      components: { schemas: { OrganisationDetail: { properties: Record<string, { description?: string }> } } };
    };
    const described = document.components.schemas.OrganisationDetail.properties;
    for (const key of EDITABLE_FIELDS) {
      const name = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
      const spec: FieldSpec = ORGANISATION_FIELDS[key];
      expect(Object.hasOwn(detail, name), name).toBe(spec.public);
      expect(described[name]?.description?.startsWith(spec.label), name).toBe(spec.public);
    }
  });

  it('fails the typecheck when a column is missing', () => {
    // @ts-expect-error a registry without every editable column is not a Record<EditableKey, FieldSpec>
    const incomplete: Record<EditableKey, FieldSpec> = { name: ORGANISATION_FIELDS.name };
    expect(Object.keys(incomplete)).toEqual(['name']);
  });
});
