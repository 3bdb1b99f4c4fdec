"use client";

import { useEffect, useRef } from "react";
import { useTopLoader } from "nextjs-toploader";

/** Runs the top progress bar while `pending` (a form's action on its way), as it runs for a navigation. */
export function useProgressWhile(pending: boolean): void {
  const loader = useTopLoader();
  const latest = useRef(loader);
  useEffect(() => {
    latest.current = loader;
  });
  useEffect(() => {
    if (!pending) return;
    const bar = latest.current;
    bar.start();
    return () => {
      bar.done();
    };
  }, [pending]);
}
