"use client";

import type { ComponentProps, ReactNode } from "react";
import { Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

type FieldProps = {
  id: string;
  label: ReactNode;
  value: string;
  onValueChange: (value: string) => void;
  /** each form decides what makes a field invalid; passed through to the field and the control */
  invalid?: boolean;
  errors?: ComponentProps<typeof FieldError>["errors"];
  /** shown between the control and its errors, e.g. a FieldDescription */
  children?: ReactNode;
};
type Controlled = "id" | "value" | "onChange" | "aria-invalid" | "children";

/** A labelled one-line input with its errors, as the monetization forms lay it out. */
export function TextField({ id, label, value, onValueChange, invalid, errors, children, ...input }: FieldProps & Omit<ComponentProps<typeof Input>, Controlled>) {
  return (
    <Field data-invalid={invalid}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <Input id={id} value={value} aria-invalid={invalid} onChange={(e) => onValueChange(e.target.value)} {...input} />
      {children}
      <FieldError errors={errors} />
    </Field>
  );
}

/** The same for a text of several lines. */
export function TextareaField({
  id,
  label,
  value,
  onValueChange,
  invalid,
  errors,
  children,
  ...textarea
}: FieldProps & Omit<ComponentProps<typeof Textarea>, Controlled>) {
  return (
    <Field data-invalid={invalid}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <Textarea id={id} value={value} aria-invalid={invalid} onChange={(e) => onValueChange(e.target.value)} {...textarea} />
      {children}
      <FieldError errors={errors} />
    </Field>
  );
}
