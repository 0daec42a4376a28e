/** Two or three views of one list, as toggle buttons (a group with the pressed one marked). */
export function Tabs<V extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: V;
  onChange: (value: V) => void;
  options: Array<{ value: V; label: string; count?: number }>;
}) {
  return (
    <div className="view-tabs" role="group" aria-label={label}>
      {options.map((option) => (
        <button key={option.value} type="button" aria-pressed={option.value === value} data-tab={option.value} onClick={() => onChange(option.value)}>
          {option.label}
          {option.count !== undefined && <span className="view-tabs__count"> ({option.count})</span>}
        </button>
      ))}
    </div>
  );
}
